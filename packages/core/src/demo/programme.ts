/**
 * Demo data of the programme process: the seed's "Regierungsprogramm" with its chapters, collecting
 * ideas now, and a few ideas from members across the Land with supporters, so the lists, filters
 * and counts show something on first start.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { nowMs } from '../db/database.ts';
import { renderMarkdown } from '../markdown/markdown.ts';
import { insertRoom } from '../rooms/rooms.repository.ts';

const DAY = 86_400_000;

const CHAPTERS = ['Mobilität', 'Bildung', 'Arbeit im Wandel', 'Klimaschutz und Energie', 'Wohnen'];

const IDEAS: { chapter: number; title: string; body: string }[] = [
  {
    chapter: 0,
    title: 'Stundentakt für jedes Dorf',
    body: 'Jede Gemeinde soll **mindestens stündlich** mit Bus oder Bahn erreichbar sein – auch am Wochenende.',
  },
  {
    chapter: 0,
    title: 'Ein Ticket für das ganze Land',
    body: 'Ein landesweites Ticket für Bus und Bahn, das auch für Auszubildende bezahlbar ist.',
  },
  {
    chapter: 1,
    title: 'Gebührenfreie Kitas',
    body: 'Bildung beginnt in der Kita. Die Gebühren sollen schrittweise **ganz** wegfallen.',
  },
  {
    chapter: 2,
    title: 'Weiterbildung im Strukturwandel',
    body: 'Beschäftigte in der Automobil- und Zulieferindustrie brauchen ein Recht auf Weiterbildung mit Lohnersatz.',
  },
  {
    chapter: 3,
    title: 'Solardächer auf alle Landesgebäude',
    body: 'Das Land geht voran: Photovoltaik auf jedes geeignete Dach von Schulen, Hochschulen und Ämtern.',
  },
  {
    chapter: 4,
    title: 'Landeswohnungsbaugesellschaft',
    body: 'Eine eigene Gesellschaft des Landes baut bezahlbare Wohnungen, wo der Markt es nicht tut.',
  },
];

/** Seeds the demo programme process; `memberIds` are members to file and support ideas (not the demo accounts). */
export async function seedDemoProgramme(
  db: Kysely<DB>,
  options: { landesverbandId: number; adminMemberId: number; memberIds: number[] },
): Promise<number> {
  const now = nowMs();
  const roomId = await insertRoom(db, {
    unitId: options.landesverbandId,
    kind: 'custom',
    name: 'Regierungsprogramm zur Landtagswahl',
    description: 'Diskussion der Ideen zum Programm',
    audience: 'all',
    codeOfConduct: null,
    createdBy: options.adminMemberId,
  });
  const { id: processId } = await db
    .insertInto('programme_processes')
    .values({
      title: 'Regierungsprogramm zur Landtagswahl',
      description:
        'Bring deine Ideen für unser Programm zur Landtagswahl direkt hier ein. Die Programmkommission beantwortet jede Idee; danach diskutieren wir den Entwurf und stellen Änderungsanträge.',
      room_id: roomId,
      ideas_from: now - 7 * DAY,
      ideas_until: now + 28 * DAY,
      draft_from: now + 28 * DAY,
      draft_until: now + 42 * DAY,
      amendments_from: now + 42 * DAY,
      amendments_until: now + 56 * DAY,
      amendment_threshold: 5,
      created_by: options.adminMemberId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const chapterIds: number[] = [];
  for (const [position, title] of CHAPTERS.entries()) {
    const { id } = await db
      .insertInto('programme_chapters')
      .values({ process_id: processId, title, position, owner_id: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    chapterIds.push(id);
  }

  const people = options.memberIds;
  for (const [index, idea] of IDEAS.entries()) {
    const author = people[index % people.length]!;
    const created = now - (IDEAS.length - index) * DAY;
    const { id: threadId } = await db
      .insertInto('threads')
      .values({
        room_id: roomId,
        title: idea.title,
        author_id: author,
        created_at: created,
        updated_at: created,
        last_post_at: created,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { id: postId } = await db
      .insertInto('posts')
      .values({
        thread_id: threadId,
        room_id: roomId,
        author_id: author,
        body: idea.body,
        body_html: renderMarkdown(idea.body),
        created_at: created,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('threads')
      .set({ last_post_id: postId, post_count: sql<number>`post_count + 1` })
      .where('id', '=', threadId)
      .execute();
    const authorUnit = await db
      .selectFrom('members')
      .select('unit_id')
      .where('id', '=', author)
      .executeTakeFirstOrThrow();
    const supporters = people.filter((p) => p !== author).slice(0, (index * 7) % 23);
    const { id: ideaId } = await db
      .insertInto('ideas')
      .values({
        process_id: processId,
        chapter_id: chapterIds[idea.chapter]!,
        thread_id: threadId,
        title: idea.title,
        body: idea.body,
        body_html: renderMarkdown(idea.body),
        author_id: author,
        author_unit_id: authorUnit.unit_id,
        unit_id: null,
        status: index === 0 ? 'in_review' : 'submitted',
        support_count: supporters.length,
        created_at: created,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (supporters.length > 0) {
      await db
        .insertInto('idea_supports')
        .values(supporters.map((member_id) => ({ idea_id: ideaId, member_id, created_at: created })))
        .execute();
    }
  }
  return processId;
}
