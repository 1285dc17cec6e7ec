/**
 * The member's contributions for the data export: rooms, events and the programme process, one
 * JSON file each. Only the member's own data: what they wrote, chose, filed or set. Things of
 * others they acted on (a post they reacted to or reported, a question or an idea they supported)
 * appear by id with their context (room, thread title, event title, idea title), never with
 * another member's text or name. Meeting data (link, dial-in, access code) is not repeated here:
 * the mails that carried it to the member are in mails.json as they were sent.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { isoFromMs, toBool } from '../db/database.ts';
import { roomsExport } from './export-rooms.ts';

/** The member's events data: registrations, questions, supports and the calendar feed's settings. */
async function eventsFile(db: Kysely<DB>, memberId: number) {
  const [registrations, asked, supported, feed] = await Promise.all([
    db
      .selectFrom('event_registrations as g')
      .innerJoin('events as e', 'e.id', 'g.event_id')
      .select([
        'e.id',
        'e.title',
        'e.kind',
        'e.starts_at',
        'e.ends_at',
        'e.online',
        'e.location',
        'e.status as event_status',
        'g.status',
        'g.registered_at',
        'g.promoted_at',
        'g.attended',
      ])
      .where('g.member_id', '=', memberId)
      .orderBy('e.starts_at')
      .execute(),
    db
      .selectFrom('event_questions as q')
      .innerJoin('events as e', 'e.id', 'q.event_id')
      .select([
        'q.id',
        'e.title as event',
        'q.body',
        'q.support_count',
        'q.merged_into_id',
        'q.hidden_at',
        'q.answered_at',
        'q.created_at',
      ])
      .where('q.author_id', '=', memberId)
      .orderBy('q.id')
      .execute(),
    db
      .selectFrom('event_question_supports as s')
      .innerJoin('event_questions as q', 'q.id', 's.question_id')
      .innerJoin('events as e', 'e.id', 'q.event_id')
      .select(['s.question_id', 'e.title as event', 's.created_at'])
      .where('s.member_id', '=', memberId)
      .orderBy('s.created_at')
      .execute(),
    db
      .selectFrom('calendar_feeds')
      .select(['include_meeting_data', 'created_at', 'last_used_at'])
      .where('member_id', '=', memberId)
      .executeTakeFirst(),
  ]);
  return {
    registrations: registrations.map((r) => ({
      eventId: r.id,
      event: r.title,
      kind: r.kind,
      startsAt: isoFromMs(r.starts_at),
      endsAt: isoFromMs(r.ends_at),
      online: toBool(r.online),
      location: r.location,
      eventCancelled: r.event_status === 'cancelled',
      status: r.status,
      registeredAt: isoFromMs(r.registered_at),
      promotedFromWaitlistAt: isoFromMs(r.promoted_at),
      attended: r.attended === null ? null : toBool(r.attended),
    })),
    questionsAsked: asked.map((q) => ({
      id: q.id,
      event: q.event,
      text: q.body,
      supportCount: q.support_count,
      mergedIntoAnother: q.merged_into_id !== null,
      hiddenAt: isoFromMs(q.hidden_at),
      answeredAt: isoFromMs(q.answered_at),
      createdAt: isoFromMs(q.created_at),
    })),
    questionsSupported: supported.map((s) => ({
      questionId: s.question_id,
      event: s.event,
      supportedAt: isoFromMs(s.created_at),
    })),
    // The secret feed address is never exported, only that it exists and what it carries.
    calendarFeed: feed
      ? {
          active: true,
          includesMeetingData: toBool(feed.include_meeting_data),
          createdAt: isoFromMs(feed.created_at),
          lastUsedAt: isoFromMs(feed.last_used_at),
        }
      : { active: false },
  };
}

/** The member's programme data: ideas and amendments filed, and the ones supported. */
async function programmeFile(db: Kysely<DB>, memberId: number) {
  const [ideas, ideasSupported, amendments, amendmentsSupported] = await Promise.all([
    db
      .selectFrom('ideas as i')
      .innerJoin('programme_processes as p', 'p.id', 'i.process_id')
      .innerJoin('programme_chapters as c', 'c.id', 'i.chapter_id')
      .leftJoin('units as u', 'u.id', 'i.unit_id')
      .select([
        'i.id',
        'p.title as process',
        'c.title as chapter',
        'i.title',
        'i.body',
        'u.name as unit',
        'i.status',
        'i.answer',
        'i.answered_at',
        'i.support_count',
        'i.created_at',
      ])
      .where('i.author_id', '=', memberId)
      .orderBy('i.id')
      .execute(),
    db
      .selectFrom('idea_supports as s')
      .innerJoin('ideas as i', 'i.id', 's.idea_id')
      .innerJoin('programme_processes as p', 'p.id', 'i.process_id')
      .select(['i.id', 'p.title as process', 'i.title', 's.created_at'])
      .where('s.member_id', '=', memberId)
      .orderBy('s.created_at')
      .execute(),
    db
      .selectFrom('amendments as a')
      .innerJoin('programme_processes as p', 'p.id', 'a.process_id')
      .innerJoin('programme_chapters as c', 'c.id', 'a.chapter_id')
      .innerJoin('programme_drafts as d', 'd.id', 'a.draft_id')
      .leftJoin('units as u', 'u.id', 'a.unit_id')
      .select([
        'a.id',
        'p.title as process',
        'c.title as chapter',
        'd.version as draft_version',
        'a.kind',
        'a.from_line',
        'a.to_line',
        'a.original_text',
        'a.text',
        'a.reason',
        'u.name as unit',
        'a.status',
        'a.support_count',
        'a.submitted_at',
        'a.procedure',
        'a.procedure_text',
        'a.procedure_note',
        'a.decided_at',
        'a.created_at',
      ])
      .where('a.filer_id', '=', memberId)
      .orderBy('a.id')
      .execute(),
    db
      .selectFrom('amendment_supports as s')
      .innerJoin('amendments as a', 'a.id', 's.amendment_id')
      .innerJoin('programme_processes as p', 'p.id', 'a.process_id')
      .innerJoin('programme_chapters as c', 'c.id', 'a.chapter_id')
      .innerJoin('programme_drafts as d', 'd.id', 'a.draft_id')
      .select([
        'a.id',
        'p.title as process',
        'c.title as chapter',
        'd.version',
        'a.from_line',
        'a.to_line',
        's.created_at',
      ])
      .where('s.member_id', '=', memberId)
      .orderBy('s.created_at')
      .execute(),
  ]);
  return {
    ideasSubmitted: ideas.map((i) => ({
      id: i.id,
      process: i.process,
      chapter: i.chapter,
      title: i.title,
      text: i.body,
      onBehalfOf: i.unit,
      status: i.status,
      officialAnswer: i.answer,
      answeredAt: isoFromMs(i.answered_at),
      supportCount: i.support_count,
      createdAt: isoFromMs(i.created_at),
    })),
    ideasSupported: ideasSupported.map((s) => ({
      ideaId: s.id,
      process: s.process,
      title: s.title,
      supportedAt: isoFromMs(s.created_at),
    })),
    amendmentsFiled: amendments.map((a) => ({
      id: a.id,
      process: a.process,
      chapter: a.chapter,
      draftVersion: a.draft_version,
      kind: a.kind,
      lines: { from: a.from_line, to: a.to_line },
      originalText: a.original_text,
      text: a.text,
      reason: a.reason,
      onBehalfOf: a.unit,
      status: a.status,
      supportCount: a.support_count,
      submittedAt: isoFromMs(a.submitted_at),
      procedure:
        a.procedure === null
          ? null
          : { kind: a.procedure, text: a.procedure_text, note: a.procedure_note, decidedAt: isoFromMs(a.decided_at) },
      createdAt: isoFromMs(a.created_at),
    })),
    amendmentsSupported: amendmentsSupported.map((s) => ({
      amendmentId: s.id,
      process: s.process,
      chapter: s.chapter,
      draftVersion: s.version,
      lines: { from: s.from_line, to: s.to_line },
      supportedAt: isoFromMs(s.created_at),
    })),
  };
}

/** The contribution files of the export, by file name. */
export async function collectContributions(db: Kysely<DB>, memberId: number): Promise<Record<string, unknown>> {
  const [rooms, events, programme] = await Promise.all([
    roomsExport(db, memberId),
    eventsFile(db, memberId),
    programmeFile(db, memberId),
  ]);
  return { 'rooms.json': rooms, 'events.json': events, 'programme.json': programme };
}
