/**
 * A fresh, throw-away database for one benchmark run: an SQLite file in a temporary directory, or a
 * new PostgreSQL database `rn_bench_<random>` on the configured server. Both are removed afterwards.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export type BenchDialect = 'sqlite' | 'postgres';

/** Where PostgreSQL runs when `BENCH_DATABASE_URL` is not set. */
export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchDatabase {
  dialect: BenchDialect;
  /** The `DATABASE_URL` for the server and the baseline. */
  url: string;
  /** Where the data lives, without credentials, for the report. */
  location: string;
  /** Removes the database (file or PostgreSQL database). Safe to call twice. */
  remove(): Promise<void>;
}

/** Creates an empty database of the given dialect. */
export async function createBenchDatabase(dialect: BenchDialect): Promise<BenchDatabase> {
  return dialect === 'sqlite' ? createSqlite() : createPostgres(process.env.BENCH_DATABASE_URL || DEFAULT_POSTGRES_URL);
}

async function createSqlite(): Promise<BenchDatabase> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'rn-bench-'));
  const file = path.join(dir, 'bench.db');
  return {
    dialect: 'sqlite',
    url: `sqlite:${file}`,
    location: file,
    remove: () => fs.rm(dir, { recursive: true, force: true }),
  };
}

async function createPostgres(serverUrl: string): Promise<BenchDatabase> {
  const name = `rn_bench_${randomBytes(4).toString('hex')}`;
  // The name is ours and matches [a-z0-9_], so quoting it as an identifier is enough.
  await withClient(serverUrl, (client) => client.query(`create database "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let removed = false;
  return {
    dialect: 'postgres',
    url: url.toString(),
    location: `postgres://${url.host}/${name}`,
    async remove() {
      if (removed) return;
      removed = true;
      await withClient(serverUrl, (client) => client.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
