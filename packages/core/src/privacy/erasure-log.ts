/**
 * The list of erased members, kept outside the database (`ERASURE_LOG`): one JSON line per
 * erasure, appended and synced after the erasure committed. A backup restored later still holds
 * the people erased since it was made; re-applying this list erases them again, so a restore never
 * brings back what a member had deleted (GDPR Art. 17). Each line holds only the member's id and
 * number, which the erased row keeps anyway.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { eraseMemberData, removeErasedFiles } from './account-deletion.service.ts';

export interface ErasureEntry {
  memberId: number;
  memberNumber: string;
  /** When the member was erased, epoch ms. */
  at: number;
}

/** Appends one erasure and waits until it is on disk. */
export async function recordErasure(file: string, entry: Omit<ErasureEntry, 'at'>): Promise<void> {
  await fs.promises.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const handle = await fs.promises.open(file, 'a', 0o600);
  try {
    await handle.appendFile(`${JSON.stringify({ ...entry, at: Date.now() })}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The erasures in the file (none when it does not exist); a torn last line is skipped. */
export function readErasures(file: string): ErasureEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: ErasureEntry[] = [];
  for (const line of text.split('\n')) {
    try {
      const entry = JSON.parse(line) as Partial<ErasureEntry>;
      if (Number.isInteger(entry.memberId) && typeof entry.memberNumber === 'string')
        entries.push(entry as ErasureEntry);
    } catch {
      // An empty line, or one cut short by a crash while appending.
    }
  }
  return entries;
}

const CHUNK = 500;

/**
 * Erases again every listed member who is not erased in the database (after a restore), matching
 * id and member number so a different person with a reused id is never touched. Idempotent and
 * cheap when there is nothing to do (one indexed read per 500 entries). Returns the member ids
 * erased now.
 */
export async function reapplyErasures(db: Kysely<DB>, file: string, uploadDir: string): Promise<number[]> {
  const entries = readErasures(file);
  const erased: number[] = [];
  for (let i = 0; i < entries.length; i += CHUNK) {
    const chunk = entries.slice(i, i + CHUNK);
    const numbers = new Map(chunk.map((e) => [e.memberId, e.memberNumber]));
    const rows = await db
      .selectFrom('members')
      .select(['id', 'member_number'])
      .where('id', 'in', [...numbers.keys()])
      .where('status', '!=', 'deleted')
      .execute();
    for (const row of rows) {
      if (numbers.get(row.id) !== row.member_number) continue;
      const files = await db.transaction().execute((trx) => eraseMemberData(trx, row.id));
      await removeErasedFiles(uploadDir, files);
      erased.push(row.id);
    }
  }
  return erased;
}
