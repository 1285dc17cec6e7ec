/**
 * Real server processes for tests of several nodes: `rotes-netz start` or `worker` on free
 * loopback ports, stopped with SIGTERM like a deployment does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { migrateToLatest, openDatabase, units, type Database } from '@rotes-netz/core';
import { createPostgresDatabase } from '../../../../packages/core/test/support/databases.ts';

export const ROOT = path.resolve(import.meta.dirname, '../../../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Node {
  url: string;
  port: number;
  child: ChildProcess;
  output: string[];
}

function spawnNode(command: 'start' | 'worker', env: Record<string, string>, port: number): Node {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts', command], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1', RUN_WORKER: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  return { url: `http://127.0.0.1:${port}`, port, child, output };
}

/** `/readyz` on a connection of its own that is closed afterwards (none left for a graceful stop to wait for). */
function readyStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    http
      .get(`${url}/readyz`, { agent: false }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
      .on('error', () => resolve(0));
  });
}

/** Starts an app node and waits until `/readyz` answers 200. */
export async function startNode(env: Record<string, string>, port?: number): Promise<Node> {
  const node = spawnNode('start', env, port ?? (await freePort()));
  for (let i = 0; i < 480; i++) {
    if (node.child.exitCode !== null) throw new Error(`node exited: ${node.output.join('')}`);
    if ((await readyStatus(node.url)) === 200) return node;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  node.child.kill('SIGKILL');
  throw new Error(`node did not get ready: ${node.output.join('')}`);
}

/** Starts a worker node (jobs only, no HTTP) and waits until it says it runs. */
export async function startWorkerNode(env: Record<string, string>): Promise<Node> {
  const node = spawnNode('worker', { ...env, LOG_LEVEL: 'info' }, 0);
  for (let i = 0; i < 480; i++) {
    if (node.child.exitCode !== null) throw new Error(`worker exited: ${node.output.join('')}`);
    if (node.output.join('').includes('worker running')) return node;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  node.child.kill('SIGKILL');
  throw new Error(`worker did not start: ${node.output.join('')}`);
}

/** Resolves with the exit code once the process has ended. */
export function exitOf(node: Node): Promise<number | null> {
  if (node.child.exitCode !== null) return Promise.resolve(node.child.exitCode);
  return new Promise((resolve) => node.child.once('exit', (code) => resolve(code)));
}

/** SIGTERM, and SIGKILL if the node has not ended after `killAfterMs`. */
export async function stopNode(node: Node | undefined, killAfterMs = 10_000): Promise<void> {
  if (!node || node.child.exitCode !== null) return;
  const exited = exitOf(node);
  node.child.kill('SIGTERM');
  const timer = setTimeout(() => node.child.kill('SIGKILL'), killAfterMs);
  await exited;
  clearTimeout(timer);
}

/**
 * A fresh PostgreSQL database for several nodes (TEST_DATABASE_URL), migrated, with a
 * Landesverband, a Kreisverband and an Ortsverein "SPD Tal" in it. `drop()` removes it.
 */
export async function nodesDatabase(): Promise<{
  database: Database;
  url: string;
  drop(): Promise<void>;
  units: { lv: number; kv: number; ov: number };
}> {
  const created = (await createPostgresDatabase())!;
  const database = openDatabase(created.url);
  await migrateToLatest(database);
  const db = database.db;
  const lv = (await units.createUnit(db, { type: 'landesverband', name: 'SPD Testland', code: 'LV', parentId: null }))
    .id;
  const kv = (await units.createUnit(db, { type: 'kreisverband', name: 'SPD Kreis', code: 'KV', parentId: lv })).id;
  const ov = (await units.createUnit(db, { type: 'ortsverein', name: 'SPD Tal', code: 'OV', parentId: kv })).id;
  return {
    database,
    url: created.url,
    units: { lv, kv, ov },
    async drop() {
      await database.close();
      await created.drop();
    },
  };
}
