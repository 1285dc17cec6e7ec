/**
 * Child processes for the benchmark: the real server and the baseline server each run in their own
 * Node process, so neither shares an event loop with the load generator. Every wait here is bounded
 * by a deadline, and every child is registered for cleanup as soon as it is spawned.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (the parent of `bench/`). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Last lines a child printed, kept for error messages. */
const TAIL_LINES = 40;

export interface Child {
  name: string;
  process: ChildProcess;
  /** The last lines of stdout and stderr, interleaved. */
  tail(): string;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
}

/** A free TCP port on 127.0.0.1, chosen by the kernel. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/**
 * Runs `node --import tsx <script> ...args` from the repository root with the given environment.
 * With `BENCH_CPU_PROF=<dir>` the app server (the child named `server`) writes a V8 CPU profile there
 * when it stops (`--cpu-prof`, which `NODE_OPTIONS` does not accept).
 */
export function spawnNode(name: string, script: string, args: string[], env: Record<string, string>): Child {
  const profileDir = process.env.BENCH_CPU_PROF;
  const profile = profileDir && name === 'server' ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (lines.length > TAIL_LINES) lines.shift();
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (error) => {
      lines.push(String(error));
      resolve('spawn-error');
    });
  });
  return { name, process: child, tail: () => lines.join('\n'), exited };
}

/** Waits for a child to exit on its own; fails with its output when it fails or outlasts `timeoutMs`. */
export async function waitForExit(child: Child, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([child.exited, timeout]);
  clearTimeout(timer);
  if (outcome === 0) return;
  const reason = outcome === 'timeout' ? `did not finish within ${timeoutMs / 1000} s` : `exited with ${outcome}`;
  throw new Error(`${child.name} ${reason}. Its last output:\n${child.tail()}`);
}

/**
 * Polls `url` until it answers 200, at most every 250 ms and until `timeoutMs` has passed. Fails early
 * with the child's output when the child exits before it is ready.
 */
export async function waitForReady(child: Child, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended: number | string | undefined;
  void child.exited.then((code) => (ended = code));
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (ended !== undefined)
      throw new Error(`${child.name} exited with ${ended} before it was ready:\n${child.tail()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${child.name} was not ready at ${url} within ${timeoutMs / 1000} s (${last}):\n${child.tail()}`);
}

/** Ends a child: SIGTERM, then SIGKILL if it is still there after `graceMs`. Safe to call twice. */
export async function stopChild(child: Child, graceMs = 5000): Promise<void> {
  const { process: proc } = child;
  if (proc.exitCode !== null || proc.signalCode !== null || proc.pid === undefined) return;
  proc.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs);
  });
  if ((await Promise.race([child.exited, grace])) === 'late') {
    proc.kill('SIGKILL');
    await child.exited;
  }
  clearTimeout(timer);
}

export interface Memory {
  /** Resident set size now, in MiB. */
  rssMiB: number;
  /** The highest resident set size the process reached, in MiB. */
  peakMiB: number;
}

/** Reads `VmRSS` and `VmHWM` of a live process from `/proc`; undefined where `/proc` is unavailable. */
export function memoryOf(pid: number | undefined): Memory | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}
