/**
 * The worker is killed while it mails meeting data to 2,000 registrants, then a new one starts:
 * every registrant receives exactly one mail at a real SMTP server. The kill lands while the
 * worker waits for the server to accept a message, the moment a crash is most likely to lose or
 * double a mail.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { loadActor, migrateToLatest, openDatabase, setMeetingData, units, type Database } from '@rotes-netz/core';
import { createPostgresDatabase } from '../../../packages/core/test/support/databases.ts';

const REGISTRANTS = 2000;
const LINK = 'https://konferenz.example.org/j/dialogtour-mobilitaet';

/** An SMTP server that counts accepted mails per recipient and can hold the next one unanswered. */
async function startCountingSink() {
  const received = new Map<string, number>();
  let accepted = 0;
  let holdAfter = Infinity;
  let held: ((error?: Error) => void) | undefined;
  let onHeld: (() => void) | undefined;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          if (accepted >= holdAfter && !held) {
            // Do not answer: the sender waits, and a message never acknowledged is not delivered.
            held = callback;
            onHeld?.();
            return;
          }
          accepted += 1;
          const to = (Array.isArray(mail.to) ? mail.to[0] : mail.to)!.value[0]!.address!;
          if (!mail.text?.includes(LINK)) throw new Error(`mail without the link to ${to}`);
          received.set(to, (received.get(to) ?? 0) + 1);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    received,
    accepted: () => accepted,
    /** Resolves when the mail after `count` accepted ones arrives and is being held. */
    holdAfter(count: number) {
      holdAfter = count;
      return new Promise<void>((resolve) => (onHeld = resolve));
    },
    /** Refuses the held mail (the connection is gone anyway) and accepts everything from now on. */
    release() {
      holdAfter = Infinity;
      held?.(new Error('sender gone'));
    },
    async waitForAccepted(count: number, timeoutMs: number) {
      const until = Date.now() + timeoutMs;
      while (accepted < count) {
        if (Date.now() > until) throw new Error(`expected ${count} mails, got ${accepted}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function startWorker(url: string, smtpUrl: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'support/events-mail-worker.ts'), url, smtpUrl],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** 2,000 members registered for a video conference, and an LV admin who organises it. */
async function prepare(database: Database): Promise<{ eventId: number; adminAccount: number }> {
  const db = database.db;
  await migrateToLatest(database);
  const lv = (await units.createUnit(db, { type: 'landesverband', name: 'SPD Testland', code: 'LV', parentId: null }))
    .id;
  const kv = (await units.createUnit(db, { type: 'kreisverband', name: 'SPD KV', code: 'KV', parentId: lv })).id;
  const ov = (await units.createUnit(db, { type: 'ortsverein', name: 'SPD OV', code: 'OV', parentId: kv })).id;
  const now = Date.now();
  const memberRows = Array.from({ length: REGISTRANTS + 1 }, (_, i) => ({
    member_number: `M${i}`,
    first_name: 'Erika',
    last_name: `Muster${i}`,
    email: `m${i}@example.org`,
    unit_id: ov,
    status: 'active' as const,
    created_at: now,
    updated_at: now,
  }));
  const ids: number[] = [];
  for (let i = 0; i < memberRows.length; i += 500) {
    const rows = await db
      .insertInto('members')
      .values(memberRows.slice(i, i + 500))
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .insertInto('accounts')
      .values(
        ids.slice(i, i + 500).map((id, j) => ({
          member_id: id,
          email: `m${i + j}@example.org`,
          password_hash: null,
          locale: 'de' as const,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
  const adminMember = ids[REGISTRANTS]!;
  await db
    .insertInto('member_roles')
    .values({ member_id: adminMember, unit_id: lv, role: 'lv_admin', source: 'app', created_at: now })
    .execute();
  const event = await db
    .insertInto('events')
    .values({
      unit_id: lv,
      series_id: null,
      kind: 'video_conference',
      title: 'Dialogtour: Mobilität',
      topic: 'Mobilität',
      description: '',
      description_html: '',
      starts_at: now + 7 * 86_400_000,
      ends_at: now + 7 * 86_400_000 + 5_400_000,
      online: true,
      location: null,
      guests: '[]',
      audience: 'all',
      capacity: null,
      meeting_mail_at: null,
      reminder_minutes_before: null,
      share_public: false,
      share_fields: '[]',
      status: 'scheduled',
      created_by: adminMember,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const registrants = ids.slice(0, REGISTRANTS);
  for (let i = 0; i < registrants.length; i += 500) {
    await db
      .insertInto('event_registrations')
      .values(
        registrants.slice(i, i + 500).map((member_id, j) => ({
          event_id: event.id,
          member_id,
          status: 'registered' as const,
          registered_at: now + i + j,
          promoted_at: null,
        })),
      )
      .execute();
  }
  const account = await db
    .selectFrom('accounts')
    .select('id')
    .where('member_id', '=', adminMember)
    .executeTakeFirstOrThrow();
  return { eventId: event.id, adminAccount: account.id };
}

const targets: { name: string; make(): Promise<{ url: string; drop(): Promise<void> }> }[] = [
  {
    name: 'sqlite',
    async make() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rn-events-mail-'));
      return {
        url: `sqlite:${path.join(dir, 'events.db')}`,
        drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  ...(process.env.TEST_DATABASE_URL ? [{ name: 'postgres', make: async () => (await createPostgresDatabase())! }] : []),
];

describe.each(targets)('meeting data mailing with a worker crash on $name', (target) => {
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) await kill(child);
  });

  it('mails every one of 2,000 registrants exactly once after the worker is killed mid-mailing', async () => {
    const created = await target.make();
    const database = openDatabase(created.url, { poolSize: 4 });
    const sink = await startCountingSink();
    try {
      const { eventId, adminAccount } = await prepare(database);
      const actor = (await loadActor(database.db, adminAccount))!;
      await setMeetingData(
        database.db,
        actor,
        eventId,
        { url: LINK, accessCode: '4711' },
        {
          brand: { instanceName: 'Rotes Netz Test', primaryColor: '#B5000C' },
          messageDomain: 'test.rotes-netz.example',
          publicUrl: 'https://test.rotes-netz.example',
        },
      );

      const held = sink.holdAfter(700);
      const first = await startWorker(created.url, sink.url);
      children.push(first);
      await held;
      await kill(first);
      sink.release();
      expect(sink.accepted()).toBe(700);

      children.push(await startWorker(created.url, sink.url));
      // Generous: on a loaded machine a mail can take a tenth of a second.
      await sink.waitForAccepted(REGISTRANTS, 1_200_000);
      // Let the restarted worker finish whatever it still holds, then count.
      const until = Date.now() + 60_000;
      for (;;) {
        const open = await database.db
          .selectFrom('jobs')
          .select('id')
          .where('status', 'in', ['pending', 'running'])
          .execute();
        if (open.length === 0) break;
        if (Date.now() > until) throw new Error(`${open.length} jobs still open`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(sink.accepted()).toBe(REGISTRANTS);
      expect(sink.received.size).toBe(REGISTRANTS);
      expect([...sink.received.values()].every((n) => n === 1)).toBe(true);
      const log = await database.db
        .selectFrom('event_mail_log')
        .select('key')
        .where('event_id', '=', eventId)
        .execute();
      expect(log).toHaveLength(REGISTRANTS);
    } finally {
      for (const child of children.splice(0)) await kill(child);
      await sink.close();
      await database.close();
      await created.drop();
    }
  }, 1_800_000);
});
