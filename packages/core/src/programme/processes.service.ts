/**
 * Programme processes: set up by LV admins with chapters and phases; read by every member with
 * the counts per status and chapter. Each process has a room of the Landesverband where every
 * idea is discussed in a thread of its own.
 */
import type { Kysely } from 'kysely';
import type {
  CreateProcessBody,
  IdeaStatus,
  PhaseDates,
  Process,
  ProcessList,
  ProgrammeStats,
  UpdateProcessBody,
} from '@rotes-netz/shared';
import { IDEA_STATUSES } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { isoFromMs, nowMs } from '../db/database.ts';
import type { Actor } from '../accounts/actor.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { renderMarkdown } from '../markdown/markdown.ts';
import { insertRoom } from '../rooms/rooms.repository.ts';
import { addRoomWriteGuard } from '../rooms/rooms.access.ts';
import { assertPhase, checkPhases, isCommission, isLvAdmin, phaseAt } from './programme.policy.ts';
import type { ProgrammeProcessesTable } from './programme.schema.ts';
import { currentDraft } from './drafts.service.ts';

export type ProcessRow = Omit<ProgrammeProcessesTable, 'id'> & { id: number };

const PHASE_COLUMNS = {
  ideasFrom: 'ideas_from',
  ideasUntil: 'ideas_until',
  draftFrom: 'draft_from',
  draftUntil: 'draft_until',
  amendmentsFrom: 'amendments_from',
  amendmentsUntil: 'amendments_until',
} as const;

function phasesToRow(phases: PhaseDates) {
  const row = {} as Record<(typeof PHASE_COLUMNS)[keyof typeof PHASE_COLUMNS], number>;
  for (const [key, column] of Object.entries(PHASE_COLUMNS) as [keyof PhaseDates, keyof typeof row][]) {
    const ms = Date.parse(phases[key]);
    if (Number.isNaN(ms)) throw new ValidationError([{ path: `/phases/${key}`, message: 'not a date-time' }]);
    row[column] = ms;
  }
  return row;
}

function phasesOf(row: ProcessRow): PhaseDates {
  const out = {} as PhaseDates;
  for (const [key, column] of Object.entries(PHASE_COLUMNS) as [keyof PhaseDates, keyof ProcessRow][]) {
    out[key] = isoFromMs(row[column] as number);
  }
  return out;
}

/** The process row; 404 when there is none. */
export async function loadProcess(db: Kysely<DB>, id: number): Promise<ProcessRow> {
  const row = await db.selectFrom('programme_processes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('process');
  return row;
}

/** Refuses unless the actor administers processes (LV admins); others get 404 as for anything they may not change. */
function assertAdmin(actor: Actor): void {
  if (!isLvAdmin(actor)) throw new NotFoundError('process');
}

async function checkOwners(db: Kysely<DB>, chapters: CreateProcessBody['chapters']): Promise<void> {
  const ids = chapters.map((c) => c.ownerMemberId).filter((id): id is number => typeof id === 'number');
  if (ids.length === 0) return;
  const found = await db
    .selectFrom('members')
    .select('id')
    .where('id', 'in', ids)
    .where('status', '=', 'active')
    .execute();
  const known = new Set(found.map((r) => r.id));
  chapters.forEach((c, i) => {
    if (typeof c.ownerMemberId === 'number' && !known.has(c.ownerMemberId)) {
      throw new ValidationError([{ path: `/chapters/${i}/ownerMemberId`, message: 'no such member' }]);
    }
  });
}

/** Creates a process with its chapters and its discussion room (in the Landesverband, for every member). */
export async function createProcess(db: Kysely<DB>, actor: Actor, input: CreateProcessBody): Promise<Process> {
  assertAdmin(actor);
  const phases = phasesToRow(input.phases);
  checkPhases(phases);
  await checkOwners(db, input.chapters);
  const root = actor.roles.find((r) => r.role === 'lv_admin' && r.unitDepth === 0)!.unitId;
  const id = await db.transaction().execute(async (trx) => {
    const now = nowMs();
    const roomId = await insertRoom(trx, {
      unitId: root,
      kind: 'custom',
      name: input.title.trim(),
      description: 'Diskussion der Ideen zum Programm',
      audience: 'all',
      codeOfConduct: null,
      createdBy: actor.memberId,
    });
    const { id } = await trx
      .insertInto('programme_processes')
      .values({
        title: input.title.trim(),
        description: input.description,
        room_id: roomId,
        ...phases,
        amendment_threshold: input.amendmentThreshold,
        created_by: actor.memberId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('programme_chapters')
      .values(
        input.chapters.map((c, position) => ({
          process_id: id,
          title: c.title.trim(),
          position,
          owner_id: c.ownerMemberId ?? null,
        })),
      )
      .execute();
    return id;
  });
  return getProcess(db, actor, id);
}

/** Changes title, description, phases or the support threshold. */
export async function updateProcess(
  db: Kysely<DB>,
  actor: Actor,
  id: number,
  input: UpdateProcessBody,
): Promise<Process> {
  assertAdmin(actor);
  const process = await loadProcess(db, id);
  const phases = input.phases ? phasesToRow(input.phases) : undefined;
  if (phases) checkPhases(phases);
  await db
    .updateTable('programme_processes')
    .set({
      ...(input.title !== undefined ? { title: input.title.trim() } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.amendmentThreshold !== undefined ? { amendment_threshold: input.amendmentThreshold } : {}),
      ...phases,
      updated_at: nowMs(),
    })
    .where('id', '=', process.id)
    .execute();
  return getProcess(db, actor, id);
}

type Counts = Record<IdeaStatus, number>;
const zeroCounts = (): Counts => Object.fromEntries(IDEA_STATUSES.map((s) => [s, 0])) as Counts;

async function ideaCounts(db: Kysely<DB>, processId: number) {
  const rows = await db
    .selectFrom('ideas')
    .select(['chapter_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('process_id', '=', processId)
    .groupBy(['chapter_id', 'status'])
    .execute();
  const byChapter = new Map<number, Counts>();
  const total = zeroCounts();
  for (const r of rows) {
    const counts = byChapter.get(r.chapter_id) ?? zeroCounts();
    counts[r.status] += Number(r.n);
    total[r.status] += Number(r.n);
    byChapter.set(r.chapter_id, counts);
  }
  return { total, byChapter };
}

async function chaptersOf(db: Kysely<DB>, processId: number) {
  return db
    .selectFrom('programme_chapters as c')
    .leftJoin('members as m', 'm.id', 'c.owner_id')
    .select(['c.id', 'c.title', 'c.position', 'c.owner_id', 'm.first_name', 'm.last_name'])
    .where('c.process_id', '=', processId)
    .orderBy('c.position')
    .execute();
}

/** The process as a member sees it, with phase, chapters, counts and the current draft. */
export async function getProcess(db: Kysely<DB>, actor: Actor, id: number): Promise<Process> {
  const process = await loadProcess(db, id);
  const [chapters, counts, draft, amendments] = await Promise.all([
    chaptersOf(db, id),
    ideaCounts(db, id),
    currentDraft(db, id),
    db
      .selectFrom('amendments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('process_id', '=', id)
      .executeTakeFirstOrThrow(),
  ]);
  const now = nowMs();
  const phase = phaseAt(process, now);
  return {
    id: process.id,
    title: process.title,
    description: process.description,
    descriptionHtml: renderMarkdown(process.description),
    phase,
    phases: phasesOf(process),
    amendmentThreshold: process.amendment_threshold,
    roomId: process.room_id,
    chapters: chapters.map((c) => ({
      id: c.id,
      title: c.title,
      position: c.position,
      owner:
        c.owner_id !== null && c.first_name !== null
          ? { memberId: c.owner_id, displayName: `${c.first_name} ${c.last_name}` }
          : null,
      ideas: counts.byChapter.get(c.id) ?? zeroCounts(),
    })),
    ideas: counts.total,
    amendmentCount: Number(amendments.n),
    currentDraft: draft,
    permissions: {
      administer: isLvAdmin(actor),
      commission: isCommission(actor),
      submitIdea: phase === 'ideas',
      fileAmendment: phase === 'amendments' && draft !== null,
    },
  };
}

/** Every process, newest first. */
export async function listProcesses(db: Kysely<DB>): Promise<ProcessList> {
  const rows = await db
    .selectFrom('programme_processes as p')
    .selectAll('p')
    .select((eb) =>
      eb
        .selectFrom('ideas as i')
        .whereRef('i.process_id', '=', 'p.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('idea_count'),
    )
    .orderBy('p.id', 'desc')
    .execute();
  const now = nowMs();
  return {
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      phase: phaseAt(r, now),
      phases: phasesOf(r),
      ideaCount: Number(r.idea_count ?? 0),
    })),
  };
}

/** Ideas per status and chapter, for everyone. */
export async function processStats(db: Kysely<DB>, id: number): Promise<ProgrammeStats> {
  await loadProcess(db, id);
  const [chapters, counts] = await Promise.all([chaptersOf(db, id), ideaCounts(db, id)]);
  return {
    ideas: counts.total,
    chapters: chapters.map((c) => ({ id: c.id, title: c.title, ideas: counts.byChapter.get(c.id) ?? zeroCounts() })),
  };
}

/** Comments on ideas follow the process: its room takes no writes before it starts or after it closes. */
addRoomWriteGuard(async (db, room) => {
  if (room.kind !== 'custom' || room.audience !== 'all') return;
  const process = await db
    .selectFrom('programme_processes')
    .select(['ideas_from', 'ideas_until', 'draft_from', 'draft_until', 'amendments_from', 'amendments_until'])
    .where('room_id', '=', room.id)
    .executeTakeFirst();
  if (process) assertPhase(process, nowMs(), 'ideas', 'draft', 'amendments');
});
