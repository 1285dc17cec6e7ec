/**
 * Mentions in the composer. The server stores a person mention as `@[Vera Vorsitz](m:239)`; the
 * text box shows `@Vera Vorsitz` and keeps the member id beside the text, so that the Markdown
 * goes back together when the post is sent (or the draft saved). A mention typed by hand,
 * `@Mia`, becomes one too when exactly one member of the room carries that name.
 */

export interface MentionedPerson {
  memberId: number;
  displayName: string;
}

/** The stored form (as the server's Markdown reads it, see core's markdown.ts). */
const STORED = /@\[([^\]\n]{1,100})\]\(m:(\d{1,15})\)/g;
/** A typed `@name` after a space or at the start: the same shape the suggestions react to. */
const TYPED = /(^|\s)@([\p{L}\p{N}._-]{1,40})/gu;
/** Role mentions the server knows itself; never looked up as a person. */
const ROLES = new Set(['vorstand', 'moderation']);
const NAME_CHAR = /[\p{L}\p{N}_-]/u;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The name as the stored form can carry it (no brackets). */
export const mentionName = (displayName: string) => displayName.replace(/[[\]\n]/g, '').trim();

/** Stored text → what the text box shows, and the people behind the names. */
export function toEditable(body: string): { text: string; people: MentionedPerson[] } {
  const people: MentionedPerson[] = [];
  const text = body.replace(STORED, (_all, name: string, id: string) => {
    people.push({ memberId: Number(id), displayName: name });
    return `@${name}`;
  });
  return { text, people };
}

/** Where `@Name` of a known person stands in the text (not inside a longer name). */
function personPattern(people: MentionedPerson[]): RegExp | null {
  const names = [...new Set(people.map((p) => mentionName(p.displayName)).filter(Boolean))];
  if (names.length === 0) return null;
  names.sort((a, b) => b.length - a.length);
  return new RegExp(`(^|[^\\p{L}\\p{N}_\\[])@(${names.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_-])`, 'gu');
}

/** What the text box shows → the stored form: every `@Name` of a known person gets its id back. */
export function toStored(text: string, people: MentionedPerson[]): string {
  const pattern = personPattern(people);
  if (!pattern) return text;
  // The latest choice wins when two people share a name.
  const byName = new Map(people.map((p) => [mentionName(p.displayName), p.memberId]));
  return text.replace(pattern, (_all, before: string, name: string) => `${before}@[${name}](m:${byName.get(name)})`);
}

/** The known people the text still mentions (each once), for the tokens under the text box. */
export function mentionedIn(text: string, people: MentionedPerson[]): MentionedPerson[] {
  const pattern = personPattern(people);
  if (!pattern) return [];
  const names = new Set([...text.matchAll(pattern)].map((m) => m[2]!));
  const seen = new Set<number>();
  return people.filter((p) => names.has(mentionName(p.displayName)) && !seen.has(p.memberId) && seen.add(p.memberId));
}

/** `@words` typed by hand that are neither a known person nor a role: to look up before sending. */
export function typedMentions(text: string, people: MentionedPerson[]): string[] {
  const known = personPattern(people);
  const covered = new Set<number>();
  if (known) for (const m of text.matchAll(known)) covered.add(m.index + m[1]!.length);
  const out = new Set<string>();
  for (const m of text.matchAll(TYPED)) {
    const at = m.index + m[1]!.length;
    const word = m[2]!.replace(/[._-]+$/, '');
    if (covered.has(at) || word === '' || ROLES.has(word.toLowerCase())) continue;
    out.add(word);
  }
  return [...out];
}

/**
 * The one person a typed name means: a member whose first or last name (or whole name) is the
 * word. Only when the suggestions are complete (`complete`: fewer than the server's limit came
 * back) can we know that nobody else carries it.
 */
export function uniquePerson(word: string, candidates: MentionedPerson[], complete: boolean): MentionedPerson | null {
  if (!complete) return null;
  const lower = word.toLocaleLowerCase('de');
  const matching = candidates.filter((c) => {
    const name = c.displayName.toLocaleLowerCase('de');
    return name === lower || name.split(/\s+/).includes(lower);
  });
  return matching.length === 1 ? matching[0]! : null;
}

/**
 * Writes the person's full name where `@word` was typed (also when the rest of the name follows:
 * `@Mia Mitglied` stays one mention).
 */
export function completeTyped(text: string, word: string, person: MentionedPerson): string {
  const name = `@${mentionName(person.displayName)}`;
  const pattern = new RegExp(`(^|\\s)@${escapeRegExp(word)}(?![\\p{L}\\p{N}_-])`, 'gu');
  let out = '';
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const start = m.index + m[1]!.length;
    const fullName =
      text.slice(start, start + name.length).toLocaleLowerCase('de') === name.toLocaleLowerCase('de') &&
      !NAME_CHAR.test(text[start + name.length] ?? '');
    out += text.slice(last, start) + name;
    last = fullName ? start + name.length : start + 1 + word.length;
  }
  return out + text.slice(last);
}
