/**
 * The local SMTP sink of the events benchmark: a real `smtp-server` on 127.0.0.1 that accepts
 * every message and counts, per recipient address, how many it received, so a run can tell lost
 * and duplicated mails apart from the total.
 *
 * smtp-server answers every new connection only after a fixed 100 ms pause (its "early talker"
 * check, `SMTPConnection#init`, not configurable). The app's transport opens one connection per
 * mail and the worker sends one mail at a time, so that pause alone caps both the app and the
 * bare sender at under 10 mails/s and hides everything else. By default the sink therefore greets
 * at once (the pause is patched out of this process's smtp-server); `greetingPause: true` keeps it.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import * as connectionModule from 'smtp-server/lib/smtp-connection.js';

interface PatchableConnection {
  init(): void;
  _setListeners(ready: () => void): void;
  connectionReady(): void;
}

let stockInit: (() => void) | undefined;

/** Removes (or restores) smtp-server's 100 ms pause before the greeting, for this process. */
function setGreetingPause(pause: boolean): void {
  const { SMTPConnection } = connectionModule as unknown as { SMTPConnection: { prototype: PatchableConnection } };
  stockInit ??= SMTPConnection.prototype.init;
  SMTPConnection.prototype.init = pause
    ? stockInit
    : function (this: PatchableConnection) {
        // What the stock init does, minus the maxClients check (unset here) and the pause.
        this._setListeners(() => this.connectionReady());
      };
}

export interface Sink {
  url: string;
  /** Messages accepted since the last reset. */
  accepted(): number;
  /** `performance.now()` when the first message since the last reset was accepted. */
  firstAt(): number | undefined;
  /** Distinct recipients that got at least one message since the last reset. */
  distinct(): number;
  /** Resolves once `count` distinct recipients have a message (or rejects after `stallMs` without progress). */
  waitForDistinct(count: number, stallMs: number): Promise<void>;
  /** Compares the counts with the expected addresses: each should have exactly one message. */
  check(expected: string[]): { missing: number; duplicated: number; unexpected: number; examples: string[] };
  reset(): void;
  close(): Promise<void>;
}

export async function startSink(options: { greetingPause: boolean }): Promise<Sink> {
  setGreetingPause(options.greetingPause);
  let counts = new Map<string, number>();
  let accepted = 0;
  let firstAt: number | undefined;
  let progress = () => undefined as void;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        accepted += 1;
        firstAt ??= performance.now();
        for (const rcpt of session.envelope.rcptTo) {
          const address = rcpt.address.toLowerCase();
          counts.set(address, (counts.get(address) ?? 0) + 1);
        }
        callback();
        progress();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted: () => accepted,
    firstAt: () => firstAt,
    distinct: () => counts.size,
    waitForDistinct(count, stallMs) {
      return new Promise<void>((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        const arm = () => {
          clearTimeout(timer);
          timer = setTimeout(() => {
            progress = () => undefined;
            reject(new Error(`the sink got no mail for ${stallMs / 1000} s (${counts.size} of ${count} recipients)`));
          }, stallMs);
        };
        progress = () => {
          if (counts.size >= count) {
            clearTimeout(timer);
            progress = () => undefined;
            resolve();
          } else arm();
        };
        arm();
        progress();
      });
    },
    check(expected) {
      const want = new Set(expected.map((e) => e.toLowerCase()));
      const examples: string[] = [];
      let missing = 0;
      let duplicated = 0;
      let unexpected = 0;
      for (const address of want) {
        const n = counts.get(address) ?? 0;
        if (n === 0) missing += 1;
        if (n > 1) duplicated += 1;
        if ((n === 0 || n > 1) && examples.length < 5) examples.push(`${address} × ${n}`);
      }
      for (const [address, n] of counts) {
        if (!want.has(address)) {
          unexpected += 1;
          if (examples.length < 5) examples.push(`${address} × ${n} (not a registrant)`);
        }
      }
      return { missing, duplicated, unexpected, examples };
    },
    reset() {
      counts = new Map();
      accepted = 0;
      firstAt = undefined;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
