import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { migrateToLatest, openDatabase, units, type Database } from '@rotes-netz/core';
import { createPostgresDatabase, databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { addMember, PASSWORD, signIn } from './support/app.ts';
import { buildApp } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import { backupCommand, reapplyErasureLog, restoreCommand } from '../src/backup-cli.ts';

const exec = promisify(execFile);
/** Each case hashes passwords, signs in and copies a database twice: slow on a busy machine. */
const SLOW = 90_000;
const SCRIPT = new URL('../../../deploy/backup-postgres.sh', import.meta.url).pathname;

describe.each(databaseKinds())('backup, erase, restore on $dialect', (kind) => {
  let dir: string;
  let config: Config;
  let database: Database;
  let app: FastifyInstance;
  let drop: (() => Promise<void>) | undefined;
  let ov: number;

  async function open(migrate = false): Promise<void> {
    database = openDatabase(config.databaseUrl, { poolSize: 3 });
    if (migrate) await migrateToLatest(database);
    app = await buildApp({ config, database });
  }
  async function close(): Promise<void> {
    await app.close();
    await database.close();
  }
  const member = (email: string) =>
    database.db
      .selectFrom('members')
      .select(['first_name', 'last_name', 'email', 'status'])
      .where('member_number', '=', email.split('@')[0]!)
      .executeTakeFirst();

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rn-backup-'));
    let url = `sqlite:${path.join(dir, 'rotes-netz.db')}`;
    if (kind.dialect === 'postgres') {
      const created = (await createPostgresDatabase())!;
      url = created.url;
      drop = created.drop;
    }
    config = loadConfig({
      DATABASE_URL: url,
      UPLOAD_DIR: path.join(dir, 'uploads'),
      ERASURE_LOG: path.join(dir, 'erasures.log'),
      LOG_LEVEL: 'silent',
      WEB_DIST: '/nonexistent',
      RUN_WORKER: 'false',
    });
    await open(true);
    const lv = await units.createUnit(database.db, { type: 'landesverband', name: 'LV', code: 'LV', parentId: null });
    const kv = await units.createUnit(database.db, { type: 'kreisverband', name: 'KV', code: 'KV', parentId: lv.id });
    ov = (await units.createUnit(database.db, { type: 'ortsverein', name: 'OV', code: 'OV', parentId: kv.id })).id;
    // Member numbers are the local parts, so `member()` finds them.
    await addMember(database, { unitId: ov, email: 'geht@example.org', number: 'geht' });
    await addMember(database, { unitId: ov, email: 'bleibt@example.org', number: 'bleibt' });
  });

  afterEach(async () => {
    await close();
    await drop?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function eraseThroughTheApp(email: string): Promise<void> {
    const cookie = await signIn(app, email);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/me/delete',
      headers: { cookie },
      payload: { password: PASSWORD, confirm: 'LÖSCHEN' },
    });
    expect(response.statusCode).toBe(204);
  }

  async function expectErasedAfterRestore(): Promise<void> {
    expect(await member('geht@example.org')).toEqual({
      first_name: 'Gelöschtes',
      last_name: 'Mitglied',
      email: null,
      status: 'deleted',
    });
    const accounts = await database.db.selectFrom('accounts').select('email').execute();
    expect(accounts.map((a) => a.email)).toEqual(['bleibt@example.org']);
    const signInAgain = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: 'geht@example.org', password: PASSWORD },
    });
    expect(signInAgain.statusCode).toBe(401);
    // The restore really happened: what was written after the backup is gone, the rest is there.
    expect(await member('spaet@example.org')).toBeUndefined();
    expect(await member('bleibt@example.org')).toMatchObject({ email: 'bleibt@example.org', status: 'active' });
    await signIn(app, 'bleibt@example.org');
  }

  it(
    'backup, erase a member, restore: the member is still erased',
    async () => {
      const backup = path.join(dir, 'backup.db');
      const lines: string[] = [];
      expect(await backupCommand(config, backup, (l) => lines.push(l))).toBe(0);
      await addMember(database, { unitId: ov, email: 'spaet@example.org', number: 'spaet' });
      await eraseThroughTheApp('geht@example.org');
      await close();

      expect(await restoreCommand(config, backup, (l) => lines.push(l))).toBe(0);
      expect(lines.join('\n')).toContain('Erased again since the backup: 1 member(s)');
      await open();
      await expectErasedAfterRestore();
      // Applying the list again changes nothing.
      expect(await reapplyErasureLog(database, config)).toEqual([]);
    },
    SLOW,
  );

  it(
    'a backup restored by hand is made to forget the erased member at the next start',
    async () => {
      let backup = path.join(dir, 'backup.db');
      if (kind.dialect === 'postgres') {
        const { stdout } = await exec('sh', [SCRIPT, path.join(dir, 'dumps'), '2'], {
          env: { ...process.env, DATABASE_URL: config.databaseUrl },
        });
        backup = stdout.trim();
        expect(path.basename(backup)).toMatch(/^rotes-netz-\d{8}T\d{6}Z\.dump$/);
      } else {
        expect(await backupCommand(config, backup, () => {})).toBe(0);
      }
      await addMember(database, { unitId: ov, email: 'spaet@example.org', number: 'spaet' });
      await eraseThroughTheApp('geht@example.org');
      await close();

      if (kind.dialect === 'postgres') {
        await exec('pg_restore', ['--clean', '--if-exists', '--no-owner', `--dbname=${config.databaseUrl}`, backup]);
      } else {
        fs.copyFileSync(backup, path.join(dir, 'rotes-netz.db'));
        for (const suffix of ['-wal', '-shm']) fs.rmSync(path.join(dir, `rotes-netz.db${suffix}`), { force: true });
      }
      await open();
      // By hand, the backup brings the member back …
      expect(await member('geht@example.org')).toMatchObject({ email: 'geht@example.org', status: 'active' });
      // … until the start applies the erasure log (what `runServer` does before serving).
      expect(await reapplyErasureLog(database, config)).toHaveLength(1);
      await expectErasedAfterRestore();
    },
    SLOW,
  );

  it(
    'refuses to restore a file that is not a backup, and changes nothing',
    async () => {
      const junk = path.join(dir, 'junk.db');
      fs.writeFileSync(junk, 'this is not a database at all, just some text '.repeat(200));
      const lines: string[] = [];
      expect(await restoreCommand(config, junk, (l) => lines.push(l))).toBe(1);
      expect(lines.join('\n')).toMatch(/restore failed/);
      expect(await member('geht@example.org')).toMatchObject({ status: 'active' });
    },
    SLOW,
  );

  // Only SQLite copies a file that another connection writes to; pg_dump has its own snapshot.
  if (kind.dialect === 'sqlite')
    it(
      'backs up a consistent copy while the app writes',
      async () => {
        const backup = path.join(dir, 'busy.db');
        let writing = true;
        let written = 0;
        const writer = (async () => {
          while (writing) {
            await addMember(database, { unitId: ov, email: `w${written}@example.org`, number: `w${written}` });
            written += 1;
            // SQLite answers synchronously: let the backup's steps run between the writes.
            await new Promise((resolve) => setImmediate(resolve));
          }
        })();
        await new Promise((resolve) => setTimeout(resolve, 100));
        const before = written;
        expect(await backupCommand(config, backup, () => {})).toBe(0);
        writing = false;
        await writer;
        const copy = openDatabase(`sqlite:${backup}`);
        const { n } = await copy.db
          .selectFrom('members')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        // Every member in the copy came with an account: no half-written member.
        const accounts = await copy.db.selectFrom('accounts').select('id').execute();
        await copy.close();
        expect(n - 2).toBeGreaterThanOrEqual(before);
        expect(n - 2).toBeLessThanOrEqual(written);
        expect(accounts.length).toBe(n);
      },
      SLOW,
    );
});
