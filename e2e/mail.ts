/** Helpers for journeys that follow a mail: a demo member without an account, and the link in a kept mail. */
import Database from 'better-sqlite3';
import type { APIRequestContext } from '@playwright/test';
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

/** The newest kept mail to an address with that subject, read as the Landesverband admin. */
export async function mailLink(admin: APIRequestContext, to: string, subject: string): Promise<string> {
  let link: string | undefined;
  await expect(async () => {
    const res = await admin.get('/api/v1/admin/mails?limit=50');
    const { items } = (await res.json()) as { items: { to: string; subject: string; text: string }[] };
    const mail = items.find((m) => m.to === to && m.subject === subject);
    link = mail && /https?:\/\/[^\s]+token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    expect(link).toBeTruthy();
  }).toPass({ timeout: 15_000 });
  const url = new URL(link!);
  return url.pathname + url.search;
}
