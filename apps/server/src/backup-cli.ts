/**
 * `rotes-netz backup FILE` and `rotes-netz restore FILE`.
 *
 * SQLite: the backup is SQLite's online backup of the live file (consistent while the app writes);
 * the restore copies a backup over the database of the stopped instance the same way. PostgreSQL:
 * `pg_dump --format=custom` and `pg_restore --clean` (the client tools must be installed;
 * `deploy/backup-postgres.sh` does the dump with rotation for cron). After every restore the
 * erasure log (`ERASURE_LOG`, kept apart from the backups) is re-applied, so members who deleted
 * their account after the backup was made are erased again; every start re-applies it as well,
 * for restores made by hand.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import {
  assertSchemaCurrent,
  copySqliteDatabase,
  isPostgresUrl,
  openDatabase,
  reapplyErasures,
  sqlitePath,
  withDefaultUser,
  type Database,
} from '@rotes-netz/core';
import type { Config } from './config.ts';

type Out = (line: string) => void;

/** Runs a PostgreSQL client tool; resolves with its exit code, its error output passed on. */
function run(command: string, args: string[], out: Out): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    child.stderr.on('data', (chunk: Buffer) => out(chunk.toString('utf8').trimEnd()));
    child.on('error', (error) => {
      out(`${command} could not be started: ${error.message} (install the PostgreSQL client tools)`);
      resolve(127);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** Writes a backup of the configured database to `file`. Exit code 0 on success. */
export async function backupCommand(config: Config, file: string, out: Out = console.log): Promise<number> {
  const started = performance.now();
  if (isPostgresUrl(config.databaseUrl)) {
    const code = await run(
      'pg_dump',
      ['--format=custom', '--no-owner', `--file=${file}`, `--dbname=${withDefaultUser(config.databaseUrl)}`],
      out,
    );
    if (code !== 0) return 1;
  } else {
    const source = sqlitePath(config.databaseUrl);
    if (source === ':memory:' || !fs.existsSync(source)) {
      out(`There is no database file at ${source}.`);
      return 1;
    }
    try {
      await copySqliteDatabase(source, file);
    } catch (error) {
      out(`The backup failed: ${(error as Error).message}`);
      return 1;
    }
  }
  out(`Backed up to ${file} in ${Math.round(performance.now() - started)} ms.`);
  out(`Keep ${config.erasureLog} apart from the backups: a restore re-applies it.`);
  return 0;
}

/** Erases again whoever the erasure log lists and the database does not have erased. */
export async function reapplyErasureLog(database: Database, config: Config): Promise<number[]> {
  return reapplyErasures(database.db, config.erasureLog, config.uploadDir);
}

/**
 * Replaces the configured database with the backup in `file`, then re-applies the erasure log.
 * Every node of the instance must be stopped first.
 */
export async function restoreCommand(config: Config, file: string, out: Out = console.log): Promise<number> {
  if (!fs.existsSync(file)) {
    out(`Cannot read ${file}.`);
    return 1;
  }
  if (isPostgresUrl(config.databaseUrl)) {
    const code = await run(
      'pg_restore',
      [
        '--clean',
        '--if-exists',
        '--no-owner',
        '--single-transaction',
        '--exit-on-error',
        `--dbname=${withDefaultUser(config.databaseUrl)}`,
        file,
      ],
      out,
    );
    if (code !== 0) {
      out('The restore failed; the database is unchanged.');
      return 1;
    }
  } else {
    try {
      await copySqliteDatabase(file, sqlitePath(config.databaseUrl));
    } catch (error) {
      out(`The restore failed, nothing was changed: ${(error as Error).message}`);
      return 1;
    }
  }
  out(`Restored ${file}.`);
  const database = openDatabase(config.databaseUrl);
  try {
    try {
      await assertSchemaCurrent(database);
    } catch {
      out('The backup is from another version: start with --migrate, which also re-applies the erasure log.');
      return 0;
    }
    const erased = await reapplyErasureLog(database, config);
    out(`Erased again since the backup: ${erased.length} member(s) (from ${config.erasureLog}).`);
    return 0;
  } finally {
    await database.close();
  }
}
