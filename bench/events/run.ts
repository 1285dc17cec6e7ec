/**
 * `node --import tsx bench/events/run.ts [--database sqlite|postgres] [--registrants 5000] [--events 2000]`
 *
 * Two measurements of the events feature (see bench/README-events in docs/events.md):
 * 1. Meeting data to N registrants: the real fan-out and mail jobs in a worker process, sending to a
 *    local SMTP server; mails per second from setting the data to the last accepted message, and the
 *    worker's peak resident memory (VmHWM).
 * 2. The event list of a member with M upcoming events in their audience: `listEvents` (first page
 *    of 50, and walking every page of 200) in this process, median and p95 of repeated runs.
 * Figures are printed, never asserted.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import {
  listEvents,
  loadActor,
  migrateToLatest,
  openDatabase,
  setMeetingData,
  units,
  type Database,
} from '@rotes-netz/core';
import { createBenchDatabase, type BenchDialect } from '../database.ts';
import { memoryOf } from '../processes.ts';

const { values } = parseArgs({
  options: {
    database: { type: 'string', default: 'sqlite' },
    registrants: { type: 'string', default: '5000' },
    events: { type: 'string', default: '2000' },
  },
});
const dialect = values.database as BenchDialect;
const REGISTRANTS = Number(values.registrants);
const EVENTS = Number(values.events);
const settings = {
  brand: { instanceName: 'Rotes Netz Bench', primaryColor: '#B5000C' },
  messageDomain: 'bench.example',
  publicUrl: 'https://bench.example',
};

async function seedMembers(database: Database, count: number) {
  const db = database.db;
  const lv = (await units.createUnit(db, { type: 'landesverband', name: 'LV', code: 'LV', parentId: null })).id;
  const kv = (await units.createUnit(db, { type: 'kreisverband', name: 'KV', code: 'KV', parentId: lv })).id;
  const ov = (await units.createUnit(db, { type: 'ortsverein', name: 'OV', code: 'OV', parentId: kv })).id;
  const now = Date.now();
  const ids: number[] = [];
  for (let i = 0; i <= count; i += 500) {
    const n = Math.min(500, count + 1 - i);
    const rows = await db
      .insertInto('members')
      .values(
        Array.from({ length: n }, (_, j) => ({
          member_number: `B${i + j}`,
          first_name: 'Erika',
          last_name: `Bench${i + j}`,
          email: `b${i + j}@bench.example`,
          unit_id: ov,
          status: 'active' as const,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning('id')
      .execute();
    await db
      .insertInto('accounts')
      .values(
        rows.map((r, j) => ({
          member_id: r.id,
          email: `b${i + j}@bench.example`,
          password_hash: null,
          locale: 'de' as const,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  const admin = ids.pop()!;
  await db
    .insertInto('member_roles')
    .values({ member_id: admin, unit_id: lv, role: 'lv_admin', source: 'app', created_at: now })
    .execute();
  const account = await db.selectFrom('accounts').select('id').where('member_id', '=', admin).executeTakeFirstOrThrow();
  return { lv, ov, members: ids, adminAccount: account.id, memberAccount: account.id - 1 };
}

async function insertEvents(database: Database, unitId: number, count: number): Promise<number[]> {
  const now = Date.now();
  const ids: number[] = [];
  for (let i = 0; i < count; i += 500) {
    const rows = await database.db
      .insertInto('events')
      .values(
        Array.from({ length: Math.min(500, count - i) }, (_, j) => ({
          unit_id: unitId,
          series_id: null,
          kind: 'training' as const,
          title: `Schulung ${i + j}`,
          topic: 'Bench',
          description: '',
          description_html: '',
          starts_at: now + 86_400_000 + (i + j) * 3_600_000,
          ends_at: now + 86_400_000 + (i + j) * 3_600_000 + 5_400_000,
          online: true,
          location: null,
          guests: '[]',
          audience: 'all' as const,
          capacity: null,
          meeting_mail_at: null,
          reminder_minutes_before: null,
          share_public: false,
          share_fields: '[]',
          status: 'scheduled' as const,
          created_by: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

async function benchMailing(): Promise<void> {
  const target = await createBenchDatabase(dialect);
  const database = openDatabase(target.url, { poolSize: 4 });
  let accepted = 0;
  let done: (() => void) | undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        accepted += 1;
        callback();
        if (accepted === REGISTRANTS) done?.();
      });
    },
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const smtpUrl = `smtp://127.0.0.1:${(sink.server.address() as AddressInfo).port}`;
  const worker = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'mail-worker.ts'), target.url, smtpUrl],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    await migrateToLatest(database);
    const seeded = await seedMembers(database, REGISTRANTS);
    const [eventId] = await insertEvents(database, seeded.lv, 1);
    for (let i = 0; i < seeded.members.length; i += 500) {
      await database.db
        .insertInto('event_registrations')
        .values(
          seeded.members.slice(i, i + 500).map((member_id, j) => ({
            event_id: eventId!,
            member_id,
            status: 'registered' as const,
            registered_at: Date.now() + i + j,
            promoted_at: null,
          })),
        )
        .execute();
    }
    await new Promise((resolve) => worker.stdout.once('data', resolve));
    const actor = (await loadActor(database.db, seeded.adminAccount))!;
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, memoryOf(worker.pid)?.peakMiB ?? 0)), 200);
    const started = performance.now();
    await setMeetingData(
      database.db,
      actor,
      eventId!,
      { url: 'https://konferenz.example/bench', accessCode: '1' },
      settings,
    );
    await all;
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, memoryOf(worker.pid)?.peakMiB ?? 0);
    console.log(
      `meeting data to ${REGISTRANTS} registrants (${dialect}): ${seconds.toFixed(1)} s, ` +
        `${(REGISTRANTS / seconds).toFixed(0)} mails/s, worker peak RSS ${peak.toFixed(0)} MiB`,
    );
  } finally {
    worker.kill('SIGKILL');
    await new Promise<void>((resolve) => sink.close(() => resolve()));
    await database.close();
    await target.remove();
  }
}

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms (n=${samples.length})`;
}

async function benchList(): Promise<void> {
  const target = await createBenchDatabase(dialect);
  const database = openDatabase(target.url, { poolSize: 4 });
  try {
    await migrateToLatest(database);
    const seeded = await seedMembers(database, 10);
    await insertEvents(database, seeded.lv, EVENTS);
    const actor = (await loadActor(database.db, seeded.memberAccount))!;
    const first: number[] = [];
    for (let i = 0; i < 60; i++) {
      const t0 = performance.now();
      const page = await listEvents(database.db, actor, { limit: 50 });
      if (i >= 10) first.push(performance.now() - t0);
      if (page.items.length !== 50) throw new Error('expected a full page');
    }
    const walk: number[] = [];
    for (let i = 0; i < 8; i++) {
      const t0 = performance.now();
      let cursor: string | undefined;
      let seen = 0;
      do {
        const page = await listEvents(database.db, actor, { limit: 200, ...(cursor ? { cursor } : {}) });
        seen += page.items.length;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      if (seen !== EVENTS) throw new Error(`walked ${seen} of ${EVENTS} events`);
      if (i >= 2) walk.push(performance.now() - t0);
    }
    console.log(`event list, member with ${EVENTS} upcoming events (${dialect}):`);
    console.log(`  first page of 50:        ${stats(first)}`);
    console.log(`  all ${EVENTS} in pages of 200: ${stats(walk)}`);
  } finally {
    await database.close();
    await target.remove();
  }
}

await benchMailing();
await benchList();
