/**
 * Builds the real application on a real test database, with a member structure small enough to
 * reason about: a Landesverband, one Ortsverein, a member and a Landesverband admin.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { hashPassword, units, type Database, type JobWorker } from '@rotes-netz/core';
import type { TestDatabaseKind } from '../../../../packages/core/test/support/databases.ts';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { createWorker } from '../../src/worker.ts';

export const PASSWORD = 'richtig-langes-passwort';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  config: Config;
  worker: JobWorker;
  ids: { lv: number; ov: number; member: number; admin: number };
  close(): Promise<void>;
}

let passwordHash: Promise<string> | undefined;

/** Adds a member with an account to an Ortsverein; returns the member id. */
export async function addMember(
  database: Database,
  input: { unitId: number; email: string; number: string; roles?: { unitId: number; role: 'lv_admin' | 'chair' }[] },
): Promise<number> {
  passwordHash ??= hashPassword(PASSWORD);
  const now = Date.now();
  const { id } = await database.db
    .insertInto('members')
    .values({
      member_number: input.number,
      first_name: 'Erika',
      last_name: input.email.split('@')[0]!,
      email: input.email,
      unit_id: input.unitId,
      status: 'active',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await database.db
    .insertInto('accounts')
    .values({
      member_id: id,
      email: input.email,
      password_hash: await passwordHash,
      locale: 'de',
      created_at: now,
      updated_at: now,
    })
    .execute();
  for (const role of input.roles ?? []) {
    await database.db
      .insertInto('member_roles')
      .values({ member_id: id, unit_id: role.unitId, role: role.role, source: 'app', created_at: now })
      .execute();
  }
  return id;
}

export async function buildTestApp(
  kind: TestDatabaseKind,
  env: Record<string, string> = {},
  options: { redis?: Redis } = {},
): Promise<TestApp> {
  const database = await kind.open();
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    WEB_DIST: '/nonexistent',
    RUN_WORKER: 'false',
    SIGN_IN_LIMIT_PER_MINUTE: '1000',
    // Erasures of a test stay with its test.
    ERASURE_LOG: path.join(os.tmpdir(), `rn-erasures-${randomUUID()}.log`),
    ...env,
  });
  const worker = createWorker(database, config);
  const app = await buildApp({ config, database, worker, redis: options.redis });
  const db = database.db;
  const lv = (await units.createUnit(db, { type: 'landesverband', name: 'SPD Testland', code: 'LV', parentId: null }))
    .id;
  const kv = (await units.createUnit(db, { type: 'kreisverband', name: 'SPD Kreis', code: 'KV', parentId: lv })).id;
  const ov = (await units.createUnit(db, { type: 'ortsverein', name: 'SPD Ortsverein Tal', code: 'OV', parentId: kv }))
    .id;
  const member = await addMember(database, { unitId: ov, email: 'mitglied@example.org', number: '100' });
  const admin = await addMember(database, {
    unitId: ov,
    email: 'admin@example.org',
    number: '200',
    roles: [{ unitId: lv, role: 'lv_admin' }],
  });
  return {
    app,
    database,
    config,
    worker,
    ids: { lv, ov, member, admin },
    async close() {
      await app.close();
      await worker.stop();
      await database.close();
    },
  };
}

/** Signs in through the API and returns the cookie header for later requests. */
export async function signIn(app: FastifyInstance, email: string, password = PASSWORD): Promise<string> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name.endsWith('rn_session'));
  return `${cookie!.name}=${cookie!.value}`;
}

/** The "Allgemein" room every unit gets with its creation. */
export async function generalRoom(db: Database['db'], unitId: number): Promise<number> {
  const row = await db
    .selectFrom('rooms')
    .select('id')
    .where('unit_id', '=', unitId)
    .where('kind', '=', 'general')
    .executeTakeFirstOrThrow();
  return row.id;
}
