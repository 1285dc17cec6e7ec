/**
 * rooms.json of the data export: the member's posts (with earlier versions), threads, reactions,
 * poll votes, reports, room settings, read markers, invitations, drafts, bans, notifications and
 * uploaded attachments' details. Posts of others the member reacted to, quoted or reported appear
 * by id with room and thread title only.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { fromJson, isoFromMs, toBool } from '../db/database.ts';

interface PollVoteEntry {
  room: string;
  thread: string;
  question: string;
  secret: boolean;
  multipleChoice: boolean;
  choices: string[];
  votedAt: string;
}

/** The member's rooms data: posts, threads, reactions, votes, reports, settings, drafts, bans, notifications. */
export async function roomsExport(db: Kysely<DB>, memberId: number) {
  const [
    posts,
    revisions,
    threads,
    reactions,
    votes,
    reports,
    settings,
    reads,
    invites,
    drafts,
    bans,
    notifications,
    attachments,
  ] = await Promise.all([
    db
      .selectFrom('posts as p')
      .innerJoin('threads as t', 't.id', 'p.thread_id')
      .innerJoin('rooms as r', 'r.id', 'p.room_id')
      .select([
        'p.id',
        'r.name as room',
        't.title as thread',
        'p.body',
        'p.parent_id',
        'p.quote_id',
        'p.created_at',
        'p.edited_at',
        'p.deleted_at',
        'p.hidden_at',
      ])
      .where('p.author_id', '=', memberId)
      .orderBy('p.id')
      .execute(),
    db
      .selectFrom('post_revisions as v')
      .innerJoin('posts as p', 'p.id', 'v.post_id')
      .select(['v.post_id', 'v.body', 'v.edited_by', 'v.created_at'])
      .where('p.author_id', '=', memberId)
      .orderBy('v.id')
      .execute(),
    db
      .selectFrom('threads as t')
      .innerJoin('rooms as r', 'r.id', 't.room_id')
      .select(['t.id', 'r.name as room', 't.title', 't.created_at', 't.deleted_at'])
      .where('t.author_id', '=', memberId)
      .orderBy('t.id')
      .execute(),
    db
      .selectFrom('reactions as x')
      .innerJoin('posts as p', 'p.id', 'x.post_id')
      .innerJoin('threads as t', 't.id', 'p.thread_id')
      .innerJoin('rooms as r', 'r.id', 'p.room_id')
      .select(['x.post_id', 'x.emoji', 'x.created_at', 'r.name as room', 't.title as thread'])
      .where('x.member_id', '=', memberId)
      .orderBy('x.created_at')
      .execute(),
    db
      .selectFrom('poll_votes as v')
      .innerJoin('polls as pl', 'pl.id', 'v.poll_id')
      .innerJoin('poll_options as o', 'o.id', 'v.option_id')
      .innerJoin('threads as t', 't.id', 'pl.thread_id')
      .innerJoin('rooms as r', 'r.id', 't.room_id')
      .select([
        'v.poll_id',
        'v.created_at',
        'o.label',
        'pl.question',
        'pl.secret',
        'pl.multiple',
        'r.name as room',
        't.title as thread',
      ])
      .where('v.member_id', '=', memberId)
      .orderBy('v.poll_id')
      .orderBy('o.position')
      .execute(),
    db
      .selectFrom('reports as rp')
      .innerJoin('posts as p', 'p.id', 'rp.post_id')
      .innerJoin('threads as t', 't.id', 'p.thread_id')
      .innerJoin('rooms as r', 'r.id', 'rp.room_id')
      .select(['rp.post_id', 'rp.reason', 'rp.status', 'rp.created_at', 'rp.resolved_at', 'r.name as room', 't.title'])
      .where('rp.reporter_id', '=', memberId)
      .orderBy('rp.id')
      .execute(),
    db
      .selectFrom('room_settings as s')
      .innerJoin('rooms as r', 'r.id', 's.room_id')
      .select(['r.name as room', 's.muted', 's.following', 's.left_at', 's.coc_accepted_at', 's.last_visit_at'])
      .where('s.member_id', '=', memberId)
      .orderBy('s.room_id')
      .execute(),
    db
      .selectFrom('thread_reads as tr')
      .innerJoin('threads as t', 't.id', 'tr.thread_id')
      .innerJoin('rooms as r', 'r.id', 't.room_id')
      .select(['r.name as room', 't.title', 'tr.following', 'tr.read_at'])
      .where('tr.member_id', '=', memberId)
      .orderBy('tr.thread_id')
      .execute(),
    db
      .selectFrom('room_invites as i')
      .innerJoin('rooms as r', 'r.id', 'i.room_id')
      .select(['r.name as room', 'i.created_at'])
      .where('i.member_id', '=', memberId)
      .orderBy('i.room_id')
      .execute(),
    db.selectFrom('drafts').selectAll().where('member_id', '=', memberId).orderBy('key').execute(),
    db
      .selectFrom('room_bans as b')
      .innerJoin('rooms as r', 'r.id', 'b.room_id')
      .select(['r.name as room', 'b.reason', 'b.until', 'b.created_at', 'b.lifted_at'])
      .where('b.member_id', '=', memberId)
      .orderBy('b.id')
      .execute(),
    db
      .selectFrom('notifications')
      .select(['kind', 'data', 'created_at', 'read_at'])
      .where('member_id', '=', memberId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('attachments as a')
      .innerJoin('rooms as r', 'r.id', 'a.room_id')
      .select(['a.file_name', 'a.media_type', 'a.size', 'a.post_id', 'a.created_at', 'r.name as room'])
      .where('a.uploader_id', '=', memberId)
      .orderBy('a.id')
      .execute(),
  ]);

  // One entry per poll, with every option the member chose (also in secret polls: it is their vote).
  const pollVotes = new Map<number, PollVoteEntry>();
  for (const v of votes) {
    const entry = pollVotes.get(v.poll_id) ?? {
      room: v.room,
      thread: v.thread,
      question: v.question,
      secret: toBool(v.secret),
      multipleChoice: toBool(v.multiple),
      choices: [],
      votedAt: isoFromMs(v.created_at),
    };
    entry.choices.push(v.label);
    pollVotes.set(v.poll_id, entry);
  }

  return {
    posts: posts.map((p) => ({
      id: p.id,
      room: p.room,
      thread: p.thread,
      // A deleted post keeps no text; a hidden one is still stored and is the member's own.
      text: p.deleted_at === null ? p.body : null,
      repliesToPostId: p.parent_id,
      quotesPostId: p.quote_id,
      createdAt: isoFromMs(p.created_at),
      editedAt: isoFromMs(p.edited_at),
      deletedAt: isoFromMs(p.deleted_at),
      hiddenByModerationAt: isoFromMs(p.hidden_at),
    })),
    postRevisions: revisions.map((v) => ({
      postId: v.post_id,
      textBeforeEdit: v.body,
      editedAt: isoFromMs(v.created_at),
      editedByYou: v.edited_by === memberId,
    })),
    threadsOpened: threads.map((t) => ({
      id: t.id,
      room: t.room,
      title: t.title,
      createdAt: isoFromMs(t.created_at),
      deletedAt: isoFromMs(t.deleted_at),
    })),
    reactions: reactions.map((x) => ({
      postId: x.post_id,
      room: x.room,
      thread: x.thread,
      emoji: x.emoji,
      at: isoFromMs(x.created_at),
    })),
    pollVotes: [...pollVotes.values()],
    reportsFiled: reports.map((r) => ({
      postId: r.post_id,
      room: r.room,
      thread: r.title,
      reason: r.reason,
      status: r.status,
      createdAt: isoFromMs(r.created_at),
      resolvedAt: isoFromMs(r.resolved_at),
    })),
    roomSettings: settings.map((s) => ({
      room: s.room,
      muted: toBool(s.muted),
      following: toBool(s.following),
      leftAt: isoFromMs(s.left_at),
      codeOfConductAcceptedAt: isoFromMs(s.coc_accepted_at),
      lastVisitAt: isoFromMs(s.last_visit_at),
    })),
    threadsRead: reads.map((r) => ({
      room: r.room,
      thread: r.title,
      following: toBool(r.following),
      readAt: isoFromMs(r.read_at),
    })),
    roomInvitations: invites.map((i) => ({ room: i.room, invitedAt: isoFromMs(i.created_at) })),
    drafts: drafts.map((d) => ({ for: d.key, text: d.body, updatedAt: isoFromMs(d.updated_at) })),
    bansReceived: bans.map((b) => ({
      room: b.room,
      reason: b.reason,
      until: isoFromMs(b.until),
      createdAt: isoFromMs(b.created_at),
      liftedAt: isoFromMs(b.lifted_at),
    })),
    notifications: notifications.map((n) => ({
      kind: n.kind,
      title: fromJson<{ title?: string }>(n.data)?.title ?? null,
      createdAt: isoFromMs(n.created_at),
      readAt: isoFromMs(n.read_at),
    })),
    attachmentsUploaded: attachments.map((a) => ({
      room: a.room,
      fileName: a.file_name,
      mediaType: a.media_type,
      size: a.size,
      postId: a.post_id,
      uploadedAt: isoFromMs(a.created_at),
    })),
  };
}
