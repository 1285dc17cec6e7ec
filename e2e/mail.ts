/** Helpers for journeys that follow a mail: a demo member without an account, and the link in a kept mail. */
import Database from 'better-sqlite3';
import { expect } from './fixtures.ts';

export interface Newcomer {
  member_number: string;
  last_name: string;
  birth_date: string;
  email: string;
}

/**
 * A member of the Ortsverein Tübingen without an account, read from the demo database the server
 * under test uses (read-only). On a fresh demo this is Elif Eisele, 10003400 (see docs/registration.md).
 */
export function findNewcomer(): Newcomer {
  const db = new Database('data/e2e.db', { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        `select m.member_number, m.last_name, m.birth_date, m.email from members m
         join units u on u.id = m.unit_id left join accounts a on a.member_id = m.id
         where a.id is null and m.status = 'active' and m.email is not null and m.birth_date is not null
           and u.name = 'SPD Ortsverein Tübingen'
         order by m.id limit 1`,
      )
      .get() as Newcomer;
  } finally {
    db.close();
  }
}

/**
 * The link in the newest mail to an address with that subject, read from the database the server
 * keeps its mail in — standing in for the recipient's mailbox. (The sent-mail page never shows
 * links: they are for their recipient alone.)
 */
export async function mailLink(to: string, subject: string): Promise<string> {
  let link: string | undefined;
  await expect(() => {
    const text = mailTexts(to).find((m) => m.subject === subject)?.text;
    link = text && /https?:\/\/[^\s]+token=[A-Za-z0-9_-]+[^\s]*/.exec(text)?.[0];
    expect(link).toBeTruthy();
  }).toPass({ timeout: 15_000 });
  const url = new URL(link!);
  return url.pathname + url.search;
}

/** Every mail to an address (or to every address), newest first, as the recipient would read it. */
export function mailTexts(to?: string): { to: string; subject: string; text: string }[] {
  const db = new Database('data/e2e.db', { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `select to_address as "to", subject, text_body as text from mails
         where ? is null or to_address = ? order by id desc`,
      )
      .all(to ?? null, to ?? null);
    return rows as { to: string; subject: string; text: string }[];
  } finally {
    db.close();
  }
}
