import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { fromJson, migrateToLatest, openDatabase, type Database } from '../src/index.ts';
import { createPostgresDatabase } from './support/databases.ts';

/** Runs the write loop on `url`, kills it with SIGKILL mid-write, and returns. */
async function killMidWrite(url: string): Promise<void> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'support/write-loop.ts'), url],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`write loop exited early (${code})`)));
  });
  await new Promise((r) => setTimeout(r, 700));
  if (child.exitCode !== null || child.signalCode !== null) {
    throw new Error(`write loop died by itself (${child.exitCode ?? child.signalCode}) before it was killed`);
  }
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

async function expectConsistent(database: Database): Promise<void> {
  const db = database.db;
  const ovs = await db.selectFrom('units').select(['id', 'depth']).where('type', '=', 'ortsverein').execute();
  expect(ovs.length).toBeGreaterThan(5);
  const closure = await db
    .selectFrom('unit_closure')
    .select(['descendant_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('descendant_id')
    .execute();
  const rows = new Map(closure.map((c) => [c.descendant_id, Number(c.n)]));
  for (const ov of ovs) expect(rows.get(ov.id)).toBe(ov.depth + 1);

  const mails = await db.selectFrom('mails').select('id').execute();
  const jobs = await db.selectFrom('jobs').select('payload').where('kind', '=', 'mail.send').execute();
  expect(mails.length).toBeGreaterThan(5);
  expect(jobs.map((j) => fromJson<{ mailId: number }>(j.payload).mailId).sort((a, b) => a - b)).toEqual(
    mails.map((m) => m.id).sort((a, b) => a - b),
  );
}

describe('a process killed mid-write', () => {
  it('leaves an SQLite file consistent: no half units, no mail without its job', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rn-crash-'));
    const url = `sqlite:${path.join(dir, 'crash.db')}`;
    const setup = openDatabase(url);
    await migrateToLatest(setup);
    await setup.close();
    await killMidWrite(url);
    const database = openDatabase(url);
    try {
      const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(database.db);
      expect(check.rows).toEqual([{ integrity_check: 'ok' }]);
      expect((await sql`pragma foreign_key_check`.execute(database.db)).rows).toEqual([]);
      await expectConsistent(database);
    } finally {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(process.env.TEST_DATABASE_URL)('leaves PostgreSQL consistent', async () => {
    const created = (await createPostgresDatabase())!;
    const setup = openDatabase(created.url);
    await migrateToLatest(setup);
    await setup.close();
    await killMidWrite(created.url);
    const database = openDatabase(created.url);
    try {
      await expectConsistent(database);
    } finally {
      await database.close();
      await created.drop();
    }
  });
});
