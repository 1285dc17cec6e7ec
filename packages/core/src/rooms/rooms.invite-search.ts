/**
 * Finding members to invite to an invite-only room. Only the room's managers search (everyone
 * else gets 404, like a missing room), and they find exactly the members `inviteMembers` accepts:
 * active members of the room's unit (see `invitableMembers`), nobody elsewhere in the Land. They see a name and the Ortsverein — nothing
 * else about the person.
 *
 * Names are matched on the start of any of their words (first name, last name, each part of a
 * double name), ignoring case and accents, with umlauts written either way: "mul", "mül" and
 * "muel" all find "Müller" and "Mueller". The same folding runs in SQL on both dialects.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { INVITE_SEARCH_LIMIT, INVITE_SEARCH_MIN_CHARS, type InviteCandidateList } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../accounts/actor.ts';
import { DomainError } from '../errors.ts';
import { escapeLike } from '../text.ts';
import { loadManagedRoom } from './rooms.access.ts';
import { invitableMembers } from './rooms.repository.ts';

/** Letters Unicode does not take apart into a base letter and an accent. */
const SPECIAL_FOLDS: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  Æ: 'ae',
  æ: 'ae',
  Œ: 'oe',
  œ: 'oe',
  Ø: 'o',
  ø: 'o',
  Ł: 'l',
  ł: 'l',
  Đ: 'd',
  đ: 'd',
  Ð: 'd',
  ð: 'd',
  ı: 'i',
  Þ: 'th',
  þ: 'th',
};

/**
 * Every accented Latin letter of Latin-1 and Latin Extended-A (both cases) with its plain
 * spelling. SQLite's `lower()` only knows ASCII, so upper case letters are listed too.
 */
const FOLDS: ReadonlyMap<string, string> = (() => {
  const folds = new Map<string, string>(Object.entries(SPECIAL_FOLDS));
  for (let code = 0xc0; code <= 0x17f; code++) {
    const char = String.fromCharCode(code);
    if (folds.has(char)) continue;
    const plain = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    if (plain !== char && /^[A-Za-z]+$/.test(plain)) folds.set(char, plain.toLowerCase());
  }
  return folds;
})();

/** The plain first letters of words, and which letters (accented, either case) fold to each. */
const FIRST_LETTERS: ReadonlyMap<string, string[]> = (() => {
  const variants = new Map<string, string[]>();
  for (let code = 0x61; code <= 0x7a; code++) {
    const letter = String.fromCharCode(code);
    variants.set(letter, [letter, letter.toUpperCase()]);
  }
  for (const [char, plain] of FOLDS) variants.get(plain[0]!)!.push(char);
  return variants;
})();

/**
 * The search form of a name or query: accents dropped, lower case, umlauts written out as a
 * single vowel ("ae", "oe", "ue" become "a", "o", "u", so "Müller", "Mueller" and "Muller" meet),
 * hyphens as spaces. {@link nameMatchesSql} computes the same in SQL.
 */
export function foldForNameSearch(text: string): string {
  let folded = '';
  for (const char of text) folded += FOLDS.get(char) ?? char;
  return folded
    .toLowerCase()
    .replace(/ae/g, 'a')
    .replace(/oe/g, 'o')
    .replace(/ue/g, 'u')
    .replace(/[\s-]+/g, ' ')
    .trim();
}

const NAME = sql<string>`(' ' || m.first_name || ' ' || m.last_name)`;

/** The end of {@link foldForNameSearch} in SQL, on text whose accents are already dropped. */
function finishFold(text: RawBuilder<string>): RawBuilder<string> {
  return sql<string>`replace(replace(replace(replace(lower(${text}), '-', ' '), 'ae', 'a'), 'oe', 'o'), 'ue', 'u')`;
}

/** German letters: most names that are not plain ASCII are plain after these. */
const GERMAN = new Set(['ä', 'ö', 'ü', 'Ä', 'Ö', 'Ü', 'ß']);

/** The text with the accents of some or all of {@link FOLDS} dropped: a chain of `replace`. */
function accentsDroppedSql(text: RawBuilder<string>, only?: Set<string>): RawBuilder<string> {
  for (const [char, plain] of FOLDS) {
    if (!only || only.has(char)) text = sql<string>`replace(${text}, ${sql.lit(char)}, ${sql.lit(plain)})`;
  }
  return text;
}

const isAscii = (text: RawBuilder<string>) => sql<boolean>`octet_length(${text}) = length(${text})`;

/**
 * Whether some word of the name, folded like {@link foldForNameSearch}, starts with `folded`, in
 * SQL both dialects run. Names in plain ASCII (most of them) are folded in a few steps; the others
 * first pass a cheap test — a word starts with a letter that folds to the query's first letter —
 * before the long chain of accent replacements runs on them.
 */
function nameMatchesSql(folded: string): RawBuilder<boolean> {
  const pattern = `% ${escapeLike(folded)}%`;
  const firstLetters = FIRST_LETTERS.get([...folded][0]!) ?? [[...folded][0]!];
  const words = sql`replace(${NAME}, '-', ' ')`;
  const startsWithLetter = sql.join(
    firstLetters.map((l) => sql`${words} like ${`% ${escapeLike(l)}%`} escape '\\'`),
    sql` or `,
  );
  const german = accentsDroppedSql(NAME, GERMAN);
  // A CASE, not AND: SQLite evaluates both sides of an AND inside an expression.
  return sql<boolean>`(case
    when ${isAscii(NAME)} then ${finishFold(NAME)} like ${pattern} escape '\\'
    when not (${startsWithLetter}) then false
    when ${isAscii(german)} then ${finishFold(german)} like ${pattern} escape '\\'
    else ${finishFold(accentsDroppedSql(NAME))} like ${pattern} escape '\\'
  end)`;
}

/**
 * Up to {@link INVITE_SEARCH_LIMIT} members the actor can invite to the room whose name has a
 * word starting with `q`, by last name. Managers of invite-only rooms only: others get 404, other
 * rooms `room_not_invite_only`. Fewer than {@link INVITE_SEARCH_MIN_CHARS} letters find nobody.
 */
export async function searchInviteCandidates(
  db: Kysely<DB>,
  actor: Actor,
  roomId: number,
  q: string,
): Promise<InviteCandidateList> {
  const access = await loadManagedRoom(db, actor, roomId);
  if (access.room.audience !== 'invite') throw new DomainError('room_not_invite_only');
  const folded = foldForNameSearch(q);
  if ([...folded].length < INVITE_SEARCH_MIN_CHARS) return { items: [] };
  const rows = await db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .leftJoin('room_invites as ri', (j) => j.onRef('ri.member_id', '=', 'm.id').on('ri.room_id', '=', roomId))
    .select([
      'm.id',
      'm.first_name',
      'm.last_name',
      'u.id as unit_id',
      'u.name as unit_name',
      'u.type as unit_type',
      'ri.member_id as invited',
    ])
    // Whom `inviteMembers` accepts (`invitableMembers`): the test checks that both agree.
    .where('m.id', 'in', invitableMembers(db, access.room.unit_id))
    .where(nameMatchesSql(folded))
    .orderBy('m.last_name')
    .orderBy('m.first_name')
    .orderBy('m.id')
    .limit(INVITE_SEARCH_LIMIT)
    .execute();
  return {
    items: rows.map((r) => ({
      memberId: r.id,
      displayName: `${r.first_name} ${r.last_name}`,
      unit: { id: r.unit_id, name: r.unit_name, type: r.unit_type },
      invited: r.invited !== null,
    })),
  };
}
