/**
 * Who the rooms benchmark reads and writes as, and where: the seeded bench members signed in
 * through the API, the rooms each of them sees (found through the API as the web app finds them)
 * and a long thread in each; and endpoints that send every request as the next (member, room,
 * thread) of that list, so the load spreads over members, rooms and threads as real use does.
 */
import type autocannon from 'autocannon';
import { openDatabase } from '@rotes-netz/core/db/database.ts';
import type { BenchDatabase } from '../database.ts';
import type { Endpoint } from '../load.ts';
import { DEMO_MEMBER, signIn, type SamePair, type Target as Server } from '../targets.ts';
import { BENCH_EMAIL_DOMAIN } from './seed.ts';

export interface SignedIn {
  memberId: number;
  /** The `cookie` header carrying the member's session. */
  cookie: string;
}

/** A member, a room they see and a thread in one of their rooms. */
export interface Target extends SignedIn {
  roomId: number;
  threadId: number;
}

/** The rooms a member reads most: the "Allgemein" of their Ortsverein, Kreisverband and Landesverband. */
const READ_GROUPS = ['ortsverein', 'kreisverband', 'landesverband'];
/** A thread this long fills the posts page (the latest 50). */
const FULL_PAGE = 50;

/** Signs in the first `count` bench accounts (seed.ts made them) through the API. */
export async function signInMembers(app: Server, database: BenchDatabase, count: number): Promise<SignedIn[]> {
  const handle = openDatabase(database.url, { poolSize: 1 });
  const accounts = await handle.db
    .selectFrom('accounts')
    .select(['email', 'member_id'])
    .where('email', 'like', `%@${BENCH_EMAIL_DOMAIN}`)
    .orderBy('id')
    .limit(count)
    .execute()
    .finally(() => handle.close());
  if (accounts.length === 0) throw new Error('the database has no bench accounts; run with --reseed');
  const members: SignedIn[] = [];
  for (const account of accounts) {
    const cookie = await signIn(app, { email: account.email, password: DEMO_MEMBER.password });
    members.push({ memberId: account.member_id, cookie });
  }
  return members;
}

async function getJson<T>(url: string, cookie: string): Promise<T> {
  const response = await fetch(url, { headers: { cookie }, signal: AbortSignal.timeout(30_000) });
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

interface RoomList {
  groups: { unit: { type: string }; rooms: { id: number; kind: string }[] }[];
}
interface ThreadList {
  items: { id: number; postCount: number }[];
}

/**
 * For each member, the general rooms of their Ortsverein, Kreisverband and Landesverband, each
 * with the longest thread on its first page (one of the member's other rooms' when a room has
 * none with a full page). Ordered member by member in turn, so consecutive requests differ.
 */
export async function findTargets(app: Server, members: SignedIn[]): Promise<Target[]> {
  const perMember: Target[][] = [];
  for (const member of members) {
    const { groups } = await getJson<RoomList>(`${app.origin}/api/v1/rooms`, member.cookie);
    const rooms = groups
      .filter((g) => READ_GROUPS.includes(g.unit.type))
      .flatMap((g) => g.rooms.filter((r) => r.kind === 'general').map((r) => r.id));
    const longest = new Map<number, { id: number; postCount: number } | undefined>();
    for (const roomId of rooms) {
      const { items } = await getJson<ThreadList>(`${app.origin}/api/v1/rooms/${roomId}/threads`, member.cookie);
      longest.set(roomId, [...items].sort((a, b) => b.postCount - a.postCount)[0]);
    }
    const full = [...longest.values()].filter((t) => t !== undefined && t.postCount >= FULL_PAGE);
    const targets = rooms.flatMap((roomId, i) => {
      const own = longest.get(roomId);
      const thread = own && own.postCount >= FULL_PAGE ? own : (full[i % Math.max(full.length, 1)] ?? own);
      return thread ? [{ ...member, roomId, threadId: thread.id }] : [];
    });
    if (targets.length > 0) perMember.push(targets);
  }
  const longestList = Math.max(0, ...perMember.map((t) => t.length));
  const targets = Array.from({ length: longestList }, (_, i) => perMember.flatMap((t) => (t[i] ? [t[i]] : []))).flat();
  if (targets.length === 0) throw new Error('no member sees a room with threads; is the database seeded?');
  return targets;
}

/**
 * An endpoint whose every request goes to the next target in turn (shared by all connections),
 * with that target's session cookie.
 */
export function rotating(
  label: string,
  origin: string,
  targets: Target[],
  build: (target: Target) => Omit<autocannon.Request, 'headers'> & { headers?: Record<string, string> },
): Endpoint {
  let next = 0;
  return {
    label,
    url: `${origin}/`,
    headers: {},
    requests: [
      {
        setupRequest: (request) => {
          const target = targets[next++ % targets.length]!;
          const built = build(target);
          return { ...request, ...built, headers: { ...built.headers, cookie: target.cookie } };
        },
      },
    ],
  };
}

const ids = (body: unknown) => (body as { items: { id: number }[] }).items.map((item) => item.id);

/** The answers the app and the baseline must agree on before their speeds are compared. */
export function samePairs(app: Server, baseline: Server, target: Target): SamePair[] {
  return [
    {
      name: 'threads',
      app: `${app.origin}/api/v1/rooms/${target.roomId}/threads`,
      baseline: `${baseline.origin}/raw/rooms/${target.roomId}/threads`,
      ids,
    },
    {
      name: 'posts',
      app: `${app.origin}/api/v1/threads/${target.threadId}/posts`,
      baseline: `${baseline.origin}/raw/threads/${target.threadId}/posts`,
      ids,
    },
  ];
}

/** The parts of a post's answer both ways of writing must agree on (ids and times differ). */
const sameShape = (post: Record<string, unknown>) =>
  JSON.stringify({
    threadId: post.threadId,
    roomId: post.roomId,
    author: post.author,
    parentId: post.parentId,
    body: post.body,
    deleted: post.deleted,
    reactions: post.reactions,
    attachments: post.attachments,
    permissions: post.permissions,
  });

/**
 * Writes one post through the app and one through the hand-written statements (the baseline's
 * `/by-hand` route), as the same member in the same thread, and checks that both wrote the same:
 * the same answer, one `post.created` live event each, and the author's read marker at the
 * newer post. Throws when they no longer agree (update raw-rooms.ts `WRITE_SQL`).
 */
export async function checkSameWrite(app: Server, baseline: Server, database: BenchDatabase, target: Target) {
  const body = JSON.stringify({ body: 'Benchmark: derselbe Beitrag auf beiden Wegen.' });
  const write = async (url: string) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { cookie: target.cookie, 'content-type': 'application/json', origin: app.origin },
      body,
      signal: AbortSignal.timeout(30_000),
    });
    if (response.status !== 201) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
    return (await response.json()) as Record<string, unknown> & { id: number };
  };
  const fromApp = await write(`${app.origin}/api/v1/threads/${target.threadId}/posts`);
  const byHand = await write(`${baseline.origin}/raw/threads/${target.threadId}/posts/by-hand`);
  const problems: string[] = [];
  if (sameShape(fromApp) !== sameShape(byHand)) {
    problems.push(`answers differ: app ${sameShape(fromApp)}, by hand ${sameShape(byHand)}`);
  }
  const { db, close } = openDatabase(database.url);
  try {
    const events = await db
      .selectFrom('live_events')
      .select('payload')
      // The target's thread may be in another room than its room (a thread that fills the page).
      .where('scope', '=', `room:${Number(byHand.roomId)}`)
      .where('type', '=', 'post.created')
      .execute();
    const postIds = events.map((e) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload).postId);
    for (const [side, id] of [
      ['app', fromApp.id],
      ['by hand', byHand.id],
    ] as const) {
      const n = postIds.filter((p) => p === id).length;
      if (n !== 1) problems.push(`${side}: ${n} post.created events for post ${id}`);
    }
    const marker = await db
      .selectFrom('thread_reads')
      .select('last_read_post_id')
      .where('thread_id', '=', target.threadId)
      .where('member_id', '=', target.memberId)
      .executeTakeFirst();
    if (marker?.last_read_post_id !== byHand.id)
      problems.push(`read marker at ${marker?.last_read_post_id}, not ${byHand.id}`);
  } finally {
    await close();
  }
  if (problems.length > 0) {
    throw new Error(
      `the hand-written write no longer matches the app: ${problems.join('; ')}; update bench/rooms/raw-rooms.ts`,
    );
  }
}
