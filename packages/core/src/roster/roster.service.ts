/**
 * Use cases of the roster import: preview (parse, diff, store the plan) and apply (write the
 * stored plan in one transaction). A preview goes stale after an hour or as soon as another
 * import was applied, because its diff no longer describes the database.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { fromJson, isoFromMs, nowMs, toJson } from '../db/database.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { DomainError, NotFoundError } from '../errors.ts';
import { parseRoster, type RosterRowError } from './parse.ts';
import { planRoster, summarize, type RosterPlan, type RosterSummary } from './plan.ts';
import { applyPlan, type AppliedCounts } from './apply.ts';
import { inTransaction } from '../live/live.events.ts';
import {
  checkDepartures,
  departuresByUnit,
  isMassDeparture,
  type DepartureConfirmation,
  type DeparturesByUnit,
} from './departures.ts';

/** How long a preview may be applied. */
export const PREVIEW_LIFETIME_MS = 60 * 60 * 1000;

export type RosterSection = 'new' | 'changed' | 'moved' | 'left' | 'errors';

/** One line of a preview section. */
export interface RosterChange {
  line: number | null;
  memberNumber: string | null;
  name: string | null;
  unit: { code: string; name: string } | null;
  fromUnit: { code: string; name: string } | null;
  changes: string[];
  reason: RosterRowError['reason'] | null;
  detail: string | null;
}

export interface RosterPreview {
  id: number;
  fileName: string;
  status: 'previewed' | 'applied' | 'superseded';
  createdAt: string;
  appliedAt: string | null;
  summary: RosterSummary;
  /** Whether applying needs the typed number of departures and a reason (see `isMassDeparture`). */
  massDeparture: boolean;
  /** The departures by Ortsverein, the ten with the most, each with three names. */
  departures: DeparturesByUnit[];
}

interface Who {
  accountId: number | null;
  ipPrefix?: string | null;
}

/** Parses and diffs a roster file and stores the plan; nothing about members changes yet. */
export async function previewRoster(
  database: Database,
  input: { bytes: Uint8Array; fileName: string } & Who,
): Promise<RosterPreview> {
  const parsed = parseRoster(input.bytes);
  const plan = await planRoster(database.db, parsed);
  const summary = summarize(plan);
  const now = nowMs();
  const id = await database.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('roster_imports')
      .values({
        account_id: input.accountId,
        file_name: input.fileName.slice(0, 200),
        file_sha256: createHash('sha256').update(input.bytes).digest('hex'),
        status: 'previewed',
        summary: toJson(summary),
        plan: toJson(plan),
        created_at: now,
        applied_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      action: 'roster.previewed',
      actorAccountId: input.accountId,
      ipPrefix: input.ipPrefix ?? null,
      data: { importId: row.id, ...summary },
    });
    return row.id;
  });
  return {
    id,
    fileName: input.fileName,
    status: 'previewed',
    createdAt: isoFromMs(now),
    appliedAt: null,
    summary,
    massDeparture: isMassDeparture(summary),
    departures: await departuresByUnit(database, plan),
  };
}

async function loadImport(database: Database, id: number) {
  const row = await database.db.selectFrom('roster_imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('roster import');
  return row;
}

/** The summary of a preview and one page of one section. */
export async function getRosterPreview(
  database: Database,
  id: number,
  page: { section: RosterSection; offset: number; limit: number },
): Promise<RosterPreview & { items: RosterChange[]; nextCursor: string | null }> {
  const row = await loadImport(database, id);
  const plan = fromJson<RosterPlan>(row.plan);
  const unchanged = (m: { changes: string[] }) => !m.changes.includes('unit');
  const entries: (Partial<RosterChange> & { unitId?: number; fromUnitId?: number })[] =
    page.section === 'errors'
      ? plan.errors.map((e) => ({ line: e.line, memberNumber: e.memberNumber, reason: e.reason, detail: e.detail }))
      : page.section === 'left'
        ? plan.leaves.map((m) => ({ memberNumber: m.memberNumber, name: m.name, unitId: m.unitId }))
        : page.section === 'new'
          ? plan.inserts.map((m) => ({ ...m, name: `${m.firstName} ${m.lastName}` }))
          : plan.updates
              .filter((m) => (page.section === 'moved' ? !unchanged(m) : unchanged(m)))
              .map((m) => ({ ...m, name: `${m.firstName} ${m.lastName}` }));
  const slice = entries.slice(page.offset, page.offset + page.limit);
  const unitIds = [...new Set(slice.flatMap((e) => [e.unitId, e.fromUnitId].filter((x) => x !== undefined)))];
  const units = new Map(
    unitIds.length
      ? (await database.db.selectFrom('units').select(['id', 'code', 'name']).where('id', 'in', unitIds).execute()).map(
          (u) => [u.id, { code: u.code, name: u.name }],
        )
      : [],
  );
  const unitOf = (unitId: number | undefined) => (unitId === undefined ? null : (units.get(unitId) ?? null));
  const items = slice.map((e) => ({
    line: e.line ?? null,
    memberNumber: e.memberNumber ?? null,
    name: e.name ?? null,
    unit: unitOf(e.unitId),
    fromUnit: page.section === 'moved' ? unitOf(e.fromUnitId) : null,
    changes: e.changes ?? [],
    reason: e.reason ?? null,
    detail: e.detail ?? null,
  }));
  const next = page.offset + page.limit;
  return {
    ...present(row),
    departures: await departuresByUnit(database, plan),
    items,
    nextCursor: next < entries.length ? String(next) : null,
  };
}

function present(row: Awaited<ReturnType<typeof loadImport>>): Omit<RosterPreview, 'departures'> {
  const summary = fromJson<RosterSummary>(row.summary);
  return {
    id: row.id,
    fileName: row.file_name,
    status: row.status,
    createdAt: isoFromMs(row.created_at),
    appliedAt: isoFromMs(row.applied_at),
    summary,
    massDeparture: isMassDeparture(summary),
  };
}

/**
 * Applies a stored preview in one transaction: new members, changed and moved ones, departures
 * (whose sessions end at once). Broken rows were never in the plan, so nothing half-applies. A
 * mass departure needs `confirmation` (the typed number of departures and a reason, audited).
 */
export async function applyRoster(
  database: Database,
  id: number,
  who: Who,
  confirmation: DepartureConfirmation = {},
): Promise<Omit<RosterPreview, 'departures'> & { applied: AppliedCounts }> {
  const reason = checkDepartures(present(await loadImport(database, id)).summary, confirmation);
  return inTransaction(database.db, async (trx) => {
    // Two admins applying two previews at once would each diff against a database the other changes.
    if (database.dialect === 'postgres') await sql`select pg_advisory_xact_lock(7352001)`.execute(trx);
    const now = nowMs();
    const row = await trx.selectFrom('roster_imports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const newer = await trx
      .selectFrom('roster_imports')
      .select('id')
      .where('status', '=', 'applied')
      .where('applied_at', '>=', row.created_at)
      .executeTakeFirst();
    if (row.status !== 'previewed' || newer || now - row.created_at > PREVIEW_LIFETIME_MS) {
      throw new DomainError('roster_preview_outdated', `roster import ${id} is ${row.status} or stale`);
    }
    const plan = fromJson<RosterPlan>(row.plan);
    const applied = await applyPlan(trx, plan, now);
    await trx.updateTable('roster_imports').set({ status: 'applied', applied_at: now }).where('id', '=', id).execute();
    await trx
      .updateTable('roster_imports')
      .set({ status: 'superseded' })
      .where('status', '=', 'previewed')
      .where('id', '<>', id)
      .execute();
    await recordAudit(trx, {
      action: 'roster.applied',
      actorAccountId: who.accountId,
      ipPrefix: who.ipPrefix ?? null,
      data: {
        importId: id,
        ...applied,
        moved: summarize(plan).moved,
        errors: plan.errors.length,
        // The admin's word that a mass departure is real, kept with the change.
        ...(reason === null ? {} : { departuresConfirmed: confirmation.departures, reason }),
      },
    });
    return { ...present({ ...row, status: 'applied', applied_at: now }), applied };
  });
}

/** Recent imports, newest first. */
export async function listRosterImports(database: Database, limit = 20): Promise<Omit<RosterPreview, 'departures'>[]> {
  const rows = await database.db.selectFrom('roster_imports').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map(present);
}

export type { RosterSummary } from './plan.ts';
export type { RosterRowError, RosterErrorReason } from './parse.ts';
export type { AppliedCounts } from './apply.ts';
export { isMassDeparture, MASS_DEPARTURE, MASS_DEPARTURE_REASON_MIN } from './departures.ts';
export type { DepartureConfirmation, DeparturesByUnit } from './departures.ts';
