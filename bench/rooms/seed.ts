/**
 * The rooms benchmark's database: the demo instance plus rooms, threads and posts at scale
 * (by default 2,000 rooms, 20,000 threads and 1,000,000 posts), and accounts for the members the
 * load signs in as. Seeding takes a while, so the database is kept between runs: an SQLite file in
 * the temp directory or a PostgreSQL database `rn_bench_rooms_<posts>`, with a marker row that
 * names the migrations and sizes it was built with. When either changes, it is built afresh.
 *
 * Posts are written with one `insert … select` over a numbers series joined to the planned threads,
 * foreign-key checks off for that statement (the rows are consistent by construction). What a run
 * writes (posts, live events, notifications, sessions) is removed again by {@link resetWrites}, so
 * every run reads the same data.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '@rotes-netz/core';
import { openDatabase } from '@rotes-netz/core/db/database.ts';
import { createRandom } from '@rotes-netz/core/demo/members.ts';
import { DEFAULT_POSTGRES_URL, withClient, type BenchDatabase, type BenchDialect } from '../database.ts';
import { ROOT } from '../processes.ts';
import { seedDemoInstance, DEMO_MEMBER, type Defer } from '../targets.ts';

export interface RoomsSize {
  /** Demo roster size. */
  members: number;
  /** Rooms at least: every unit's two rooms, topped up with custom rooms of Ortsvereine. */
  rooms: number;
  threads: number;
  posts: number;
  /** Members with an account the load signs in as, one per Ortsverein. */
  signedIn: number;
}

/** What {@link resetWrites} needs to restore the seeded state, and what the seed reported. */
export interface SeedMarker {
  fingerprint: string;
  summary: string;
  seedMs: number;
  maxPostId: number;
  maxLiveEventId: number;
}

export interface RoomsDatabase {
  database: BenchDatabase;
  marker: SeedMarker;
  /** Whether an earlier run's database was reused. */
  reused: boolean;
}

/** Every bench account's e-mail matches this; they share the demo accounts' password. */
export const BENCH_EMAIL_DOMAIN = 'bench.rotes-netz.de';
export const benchEmail = (n: number) => `bench-${n}@${BENCH_EMAIL_DOMAIN}`;

/** Posts per thread are 1 to this many (uniform, so about half of it on average). */
const MAX_POSTS_PER_THREAD = 100;
/** Minutes between two posts of a thread. */
const POST_GAP_MS = 10 * 60_000;
const YEAR_MS = 365 * 24 * 60 * 60_000;

const TOPICS = [
  'Infostand am Samstag',
  'Mitgliederversammlung im Frühjahr',
  'Antrag zum Nahverkehr',
  'Plakate für die Kommunalwahl',
  'Sommerfest: wer hilft mit?',
  'Haushaltsrede im Gemeinderat',
  'Neumitglieder begrüßen',
  'Bildungsreise nach Berlin',
];
const BODIES = [
  'Ich finde, wir sollten das beim nächsten Treffen besprechen. Wer schreibt die Einladung, und wer kümmert sich um den Raum?',
  'Danke für die Zusammenfassung! Zwei Punkte fehlen mir noch: die Kosten für die Plakate und wer die Genehmigung bei der Stadt beantragt.',
  'Ich kann am Samstag von 10 bis 12 Uhr am Stand sein. Flyer habe ich noch genug, Kugelschreiber müssten wir nachbestellen.',
  'Der Kreisvorstand hat das Thema auch auf der Tagesordnung. Vielleicht stimmen wir uns vorher ab, damit wir mit einer Stimme sprechen.',
];

/** Opens (or builds) the benchmark database of the given size. */
export async function prepareRoomsDatabase(
  dialect: BenchDialect,
  size: RoomsSize,
  options: { reseed: boolean; defer: Defer; log: (line: string) => void },
): Promise<RoomsDatabase> {
  const fingerprint = fingerprintOf(size);
  const database = dialect === 'sqlite' ? sqliteDatabase(size) : await postgresDatabase(size);
  if (!options.reseed) {
    const marker = await readMarker(database);
    if (marker?.fingerprint === fingerprint) return { database, marker, reused: true };
    if (marker) options.log('The migrations or sizes changed since the last seed; seeding afresh.');
  }
  await database.recreate();
  const marker = await seed(database, size, fingerprint, options);
  return { database, marker, reused: false };
}

interface KeptDatabase extends BenchDatabase {
  /** Whether the database (file or PostgreSQL database) exists at all. */
  exists(): Promise<boolean>;
  /** Drops it and creates it empty. */
  recreate(): Promise<void>;
}

function sqliteDatabase(size: RoomsSize): KeptDatabase {
  const file = path.join(os.tmpdir(), 'rn-bench-rooms', `rooms-${size.posts}.db`);
  const remove = async () => {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
  };
  return {
    dialect: 'sqlite',
    url: `sqlite:${file}`,
    location: file,
    // Kept for the next run; --reseed rebuilds it.
    remove: async () => {},
    exists: async () => fs.existsSync(file),
    async recreate() {
      await remove();
      fs.mkdirSync(path.dirname(file), { recursive: true });
    },
  };
}

async function postgresDatabase(size: RoomsSize): Promise<KeptDatabase> {
  const serverUrl = process.env.BENCH_DATABASE_URL || DEFAULT_POSTGRES_URL;
  const name = `rn_bench_rooms_${size.posts}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    dialect: 'postgres',
    url: url.toString(),
    location: `postgres://${url.host}/${name}`,
    remove: async () => {},
    exists: () =>
      withClient(serverUrl, async (client) => {
        const found = await client.query('select 1 from pg_database where datname = $1', [name]);
        return found.rowCount === 1;
      }),
    recreate: () =>
      withClient(serverUrl, async (client) => {
        // The name is ours and matches [a-z0-9_], so quoting it as an identifier is enough.
        await client.query(`drop database if exists "${name}" with (force)`);
        await client.query(`create database "${name}"`);
      }),
  };
}

/** The migrations (their names and text), this seeder and the sizes: what the seeded data depends on. */
function fingerprintOf(size: RoomsSize): string {
  const hash = createHash('sha256');
  const migrations = path.join(ROOT, 'packages/core/src/db/migrations');
  for (const name of fs.readdirSync(migrations).sort()) {
    hash.update(name).update(fs.readFileSync(path.join(migrations, name)));
  }
  hash.update(fs.readFileSync(new URL(import.meta.url)));
  hash.update(JSON.stringify(size));
  return hash.digest('hex').slice(0, 16);
}

async function withKysely<T>(database: BenchDatabase, run: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  const handle = openDatabase(database.url, { poolSize: 2 });
  try {
    return await run(handle.db);
  } finally {
    await handle.close();
  }
}

async function readMarker(database: KeptDatabase): Promise<SeedMarker | undefined> {
  if (!(await database.exists())) return undefined;
  return withKysely(database, async (db) => {
    try {
      const { rows } = await sql<{ data: string }>`select data from bench_rooms_seed`.execute(db);
      return rows[0] ? (JSON.parse(rows[0].data) as SeedMarker) : undefined;
    } catch {
      // No marker table: an unfinished seed.
      return undefined;
    }
  });
}

async function seed(
  database: BenchDatabase,
  size: RoomsSize,
  fingerprint: string,
  options: { defer: Defer; log: (line: string) => void },
): Promise<SeedMarker> {
  const { log } = options;
  const started = Date.now();
  const step = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    const from = Date.now();
    const result = await run();
    log(`  ${label}: ${((Date.now() - from) / 1000).toFixed(1)} s`);
    return result;
  };
  log(`Seeding ${database.location} (kept for later runs; --reseed rebuilds it):`);
  await step(`demo instance, ${size.members.toLocaleString('en-US')} members`, () =>
    seedDemoInstance(database, size.members, options.defer),
  );
  return withKysely(database, async (db) => {
    const rooms = await step('rooms', () => seedRooms(db, size.rooms));
    const threads = await step(`${size.threads.toLocaleString('en-US')} threads`, () => seedThreads(db, rooms, size));
    await step(`${size.posts.toLocaleString('en-US')} posts`, () => seedPosts(db, database.dialect, threads.max));
    await step('thread and room counters, reactions', () => seedCounters(db));
    await step(`${size.signedIn} accounts to sign in with, their read markers`, () => seedAccounts(db, size.signedIn));
    await step(database.dialect === 'postgres' ? 'analyze' : 'checkpoint', () =>
      database.dialect === 'postgres' ? sql`analyze`.execute(db) : sql`pragma wal_checkpoint(truncate)`.execute(db),
    );
    const counts = await countsOf(db);
    const marker: SeedMarker = {
      fingerprint,
      summary:
        `${counts.rooms.toLocaleString('en-US')} rooms, ${counts.threads.toLocaleString('en-US')} threads, ` +
        `${counts.posts.toLocaleString('en-US')} posts, ${counts.members.toLocaleString('en-US')} members`,
      seedMs: Date.now() - started,
      maxPostId: counts.maxPostId,
      maxLiveEventId: counts.maxLiveEventId,
    };
    await sql`create table bench_rooms_seed (data text not null)`.execute(db);
    await sql`insert into bench_rooms_seed (data) values (${JSON.stringify(marker)})`.execute(db);
    log(`Seeded ${marker.summary} in ${(marker.seedMs / 1000).toFixed(1)} s.`);
    return marker;
  });
}

/** Every unit's "Allgemein" and "Vorstand" room (if the unit code made none), then custom rooms up to `target`. */
async function seedRooms(db: Kysely<DB>, target: number): Promise<number[]> {
  const now = Date.now();
  for (const [kind, name, audience] of [
    ['general', 'Allgemein', 'unit'],
    ['board', 'Vorstand', 'board'],
  ] as const) {
    await sql`insert into rooms (unit_id, kind, name, audience, created_at, updated_at, last_activity_at)
      select u.id, ${kind}, ${name}, ${audience}, ${now}, ${now}, ${now} from units u
      where not exists (select 1 from rooms r where r.unit_id = u.id and r.kind = ${kind})`.execute(db);
  }
  const { count } = await db
    .selectFrom('rooms')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  const missing = target - Number(count);
  if (missing > 0) {
    const ortsvereine = await db
      .selectFrom('units')
      .select('id')
      .where('type', '=', 'ortsverein')
      .orderBy('id')
      .execute();
    const custom = Array.from({ length: missing }, (_, i) => ({
      unit_id: ortsvereine[i % ortsvereine.length]!.id,
      kind: 'custom' as const,
      name: `Arbeitskreis ${Math.floor(i / ortsvereine.length) + 1}`,
      audience: 'unit' as const,
      created_at: now,
      updated_at: now,
      last_activity_at: now,
    }));
    for (let i = 0; i < custom.length; i += 500) {
      await db
        .insertInto('rooms')
        .values(custom.slice(i, i + 500))
        .execute();
    }
  }
  // The Landesverband's rooms first, then down the tree: the higher a room, the more it is used.
  const rooms = await db
    .selectFrom('rooms as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select('r.id')
    .orderBy('u.depth')
    .orderBy(sql`case r.kind when 'general' then 0 when 'custom' then 1 else 2 end`)
    .orderBy('r.id')
    .execute();
  return rooms.map((r) => r.id);
}

/**
 * Threads over the rooms, skewed towards the rooms high in the tree: room index ⌊R·u²⌋ for a
 * uniform u, so the Landesverband's "Allgemein" gets about 2 % of all threads and a typical
 * Ortsverein room a handful. Posts per thread 1–100, adjusted to sum to exactly `size.posts`.
 */
async function seedThreads(db: Kysely<DB>, roomIds: number[], size: RoomsSize): Promise<{ max: number }> {
  const random = createRandom(4711);
  const counts = Array.from({ length: size.threads }, () => 1 + Math.floor(random() * MAX_POSTS_PER_THREAD));
  let difference = size.posts - counts.reduce((sum, n) => sum + n, 0);
  for (let i = 0; difference !== 0; i = (i + 1) % counts.length) {
    const step = Math.sign(difference);
    const next = counts[i]! + step;
    if (next < 1 || next > MAX_POSTS_PER_THREAD) continue;
    counts[i] = next;
    difference -= step;
  }
  const authors = await memberRange(db);
  const start = Date.now() - YEAR_MS;
  const rows = counts.map((postCount, i) => {
    const createdAt = start + Math.floor((i * YEAR_MS) / size.threads);
    const lastPostAt = createdAt + postCount * POST_GAP_MS;
    return {
      room_id: roomIds[Math.floor(roomIds.length * random() ** 2)]!,
      title: `${TOPICS[i % TOPICS.length]!} (${i + 1})`,
      author_id: authors.min + ((i * 7919) % authors.count),
      created_at: createdAt,
      updated_at: lastPostAt,
      last_post_at: lastPostAt,
      post_count: postCount,
    };
  });
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) {
      await trx
        .insertInto('threads')
        .values(rows.slice(i, i + 500))
        .execute();
    }
  });
  return { max: Math.max(...counts) };
}

/** Member ids are one contiguous range in a fresh demo instance; authors are picked from it by arithmetic. */
async function memberRange(db: Kysely<DB>): Promise<{ min: number; count: number }> {
  const range = await db
    .selectFrom('members')
    .select((eb) => [
      eb.fn.min<number>('id').as('min'),
      eb.fn.max<number>('id').as('max'),
      eb.fn.countAll<number>().as('count'),
    ])
    .executeTakeFirstOrThrow();
  const [min, max, count] = [Number(range.min), Number(range.max), Number(range.count)];
  if (max - min + 1 !== count) throw new Error(`member ids are not contiguous (${min}–${max}, ${count} members)`);
  return { min, count };
}

/**
 * All posts in one statement: each thread joined with the numbers 1…post_count, in time order so
 * that ids ascend with `created_at` across threads, as they would have been written.
 */
async function seedPosts(db: Kysely<DB>, dialect: BenchDialect, maxPerThread: number): Promise<void> {
  const authors = await memberRange(db);
  const body = sql`case (seq.n + t.id) % 4 ${sql.join(
    BODIES.map((text, i) => sql`when ${sql.lit(i)} then ${sql.lit(text)}`),
    sql` `,
  )} end`;
  const insert = (trx: Kysely<DB> | Transaction<DB>) =>
    sql`with recursive seq(n) as (select 1 union all select n + 1 from seq where n < ${sql.lit(maxPerThread)})
      insert into posts (thread_id, room_id, author_id, body, body_html, created_at)
      select t.id, t.room_id,
        ${sql.lit(authors.min)} + ((t.id * 7919 + seq.n * 104729) % ${sql.lit(authors.count)}),
        'Beitrag ' || seq.n || ': ' || ${body},
        '<p>Beitrag ' || seq.n || ': ' || ${body} || '</p>',
        t.created_at + seq.n * ${sql.lit(POST_GAP_MS)}
      from threads t inner join seq on seq.n <= t.post_count
      order by t.created_at + seq.n * ${sql.lit(POST_GAP_MS)}, t.id`.execute(trx);
  if (dialect === 'sqlite') {
    // A no-op inside a transaction, so set around it.
    await sql`pragma foreign_keys = off`.execute(db);
    await db.transaction().execute((trx) => insert(trx));
    await sql`pragma foreign_keys = on`.execute(db);
  } else {
    await db.transaction().execute(async (trx) => {
      // Skips the foreign-key triggers (three per row) for this transaction; superuser only.
      await sql`set local session_replication_role = replica`.execute(trx);
      await insert(trx);
    });
  }
}

/** Each thread's last post, each room's last activity, and a reaction on every tenth post. */
async function seedCounters(db: Kysely<DB>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`update threads set last_post_id = (select max(p.id) from posts p where p.thread_id = threads.id)`.execute(
      trx,
    );
    await sql`update rooms set last_activity_at = coalesce(
      (select max(t.last_post_at) from threads t where t.room_id = rooms.id), rooms.last_activity_at)`.execute(trx);
    const authors = await memberRange(trx);
    await sql`insert into reactions (post_id, member_id, emoji, created_at)
      select p.id, ${sql.lit(authors.min)} + ((p.id * 31) % ${sql.lit(authors.count)}), '👍', p.created_at + 60000
      from posts p where p.id % 10 = 0`.execute(trx);
  });
}

/**
 * Accounts for `count` members without roles, each in another Ortsverein, with the demo password;
 * read markers on every other thread of the rooms of their Ortsverein and the units above it, so
 * lists have both read and unread threads; and every thread followed by its author.
 */
async function seedAccounts(db: Kysely<DB>, count: number): Promise<void> {
  const now = Date.now();
  await db.transaction().execute(async (trx) => {
    const demo = await trx
      .selectFrom('accounts')
      .select('password_hash')
      .where('email', '=', DEMO_MEMBER.email)
      .executeTakeFirstOrThrow();
    const members = await trx
      .selectFrom('members as m')
      .innerJoin('units as u', 'u.id', 'm.unit_id')
      .select((eb) => eb.fn.min<number>('m.id').as('id'))
      .where('m.status', '=', 'active')
      .where('u.type', '=', 'ortsverein')
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('accounts as a').select('a.id').whereRef('a.member_id', '=', 'm.id'))),
      )
      // Plain members, the readers most requests come from (roles add one closure read per request).
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('member_roles as r').select('r.unit_id').whereRef('r.member_id', '=', 'm.id'))),
      )
      .groupBy('m.unit_id')
      .orderBy((eb) => eb.fn.min('m.id'))
      .limit(count)
      .execute();
    await trx
      .insertInto('accounts')
      .values(
        members.map((m, i) => ({
          member_id: Number(m.id),
          email: benchEmail(i + 1),
          password_hash: demo.password_hash,
          locale: 'de' as const,
          email_verified_at: now,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    await sql`insert into thread_reads (thread_id, member_id, last_read_post_id, read_count, read_at)
      select t.id, m.id, t.last_post_id, t.post_count, t.last_post_at
      from members m
      inner join accounts a on a.member_id = m.id and a.email like ${`%@${BENCH_EMAIL_DOMAIN}`}
      inner join unit_closure c on c.descendant_id = m.unit_id
      inner join rooms r on r.unit_id = c.ancestor_id and r.audience = 'unit'
      inner join threads t on t.room_id = r.id and t.id % 2 = 0`.execute(trx);
    // Who opens a thread follows it (posts.service.ts): replies notify them.
    await sql`insert into thread_reads (thread_id, member_id, last_read_post_id, read_count, following, read_at)
      select t.id, t.author_id, 0, 0, ${true}, t.created_at from threads t
      where not exists (select 1 from thread_reads x where x.thread_id = t.id and x.member_id = t.author_id)`.execute(
      trx,
    );
  });
}

async function countsOf(db: Kysely<DB>) {
  const { rows } = await sql<Record<string, number | string | null>>`select
      (select count(*) from rooms) as rooms, (select count(*) from threads) as threads,
      (select count(*) from posts) as posts, (select count(*) from members) as members,
      (select max(id) from posts) as max_post_id, (select max(id) from live_events) as max_live_event_id`.execute(db);
  const row = rows[0]!;
  return {
    rooms: Number(row.rooms),
    threads: Number(row.threads),
    posts: Number(row.posts),
    members: Number(row.members),
    maxPostId: Number(row.max_post_id ?? 0),
    maxLiveEventId: Number(row.max_live_event_id ?? 0),
  };
}

/**
 * Removes what a run wrote — posts after the seeded ones (their reactions and notifications go
 * with them), live events, the bench accounts' sessions — and puts the counters of the threads
 * written to back. Read markers that moved onto removed posts go back to the thread's last post.
 */
export async function resetWrites(database: BenchDatabase, marker: SeedMarker): Promise<number> {
  const sqlite = database.dialect === 'sqlite';
  return withKysely(database, async (db) => {
    // Removing a post makes the database look for posts replying to or quoting it, and neither
    // posts.parent_id nor posts.quote_id is indexed: a scan of all posts per removed post. What
    // refers to the removed posts is removed by hand below, so the checks are switched off.
    if (sqlite) await sql`pragma foreign_keys = off`.execute(db);
    const removed = await db.transaction().execute(async (trx) => {
      if (!sqlite) await sql`set local session_replication_role = replica`.execute(trx);
      const touched = await trx
        .selectFrom('threads')
        .select('id')
        .where('last_post_id', '>', marker.maxPostId)
        .execute();
      for (const table of ['reactions', 'notifications', 'attachments', 'post_revisions', 'reports'] as const) {
        await trx.deleteFrom(table).where('post_id', '>', marker.maxPostId).execute();
      }
      const removed = await trx.deleteFrom('posts').where('id', '>', marker.maxPostId).executeTakeFirst();
      const ids = touched.map((t) => t.id);
      if (ids.length > 0) {
        await sql`update threads set
            post_count = (select count(*) from posts p where p.thread_id = threads.id),
            last_post_id = (select max(p.id) from posts p where p.thread_id = threads.id),
            last_post_at = (select max(p.created_at) from posts p where p.thread_id = threads.id)
          where id in (${sql.join(ids)})`.execute(trx);
      }
      await sql`update thread_reads set
          last_read_post_id = (select t.last_post_id from threads t where t.id = thread_reads.thread_id),
          read_count = (select t.post_count from threads t where t.id = thread_reads.thread_id)
        where last_read_post_id > ${marker.maxPostId}`.execute(trx);
      await trx.deleteFrom('live_events').where('id', '>', marker.maxLiveEventId).execute();
      await trx
        .deleteFrom('sessions')
        .where('account_id', 'in', (eb) =>
          eb.selectFrom('accounts').select('id').where('email', 'like', `%@${BENCH_EMAIL_DOMAIN}`),
        )
        .execute();
      return Number(removed.numDeletedRows);
    });
    if (sqlite) {
      await sql`pragma foreign_keys = on`.execute(db);
      // So that a measured server's first commit has no reset in the write-ahead log to copy
      // into the database file.
      await sql`pragma wal_checkpoint(truncate)`.execute(db);
    }
    return removed;
  });
}
