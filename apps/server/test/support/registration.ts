/**
 * A test app with a real SMTP sink for the registration tests: roster members without accounts,
 * the mails that arrived since the last look, and the links in them.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Database } from '@rotes-netz/core';
import type { TestDatabaseKind } from '../../../../packages/core/test/support/databases.ts';
import { buildTestApp, type TestApp } from './app.ts';
import { startSmtpSink, type SmtpSink } from './smtp.ts';

export const GOOD_PASSWORD = 'Kaffee mit Hafermilch am Neckar';

/** A roster member without an account. */
export async function addRosterMember(
  database: Database,
  input: {
    unitId: number;
    number: string;
    lastName: string;
    birthDate: string;
    email: string | null;
    status?: 'active' | 'left' | 'deleted';
  },
): Promise<number> {
  const now = Date.now();
  const { id } = await database.db
    .insertInto('members')
    .values({
      member_number: input.number,
      first_name: 'Jörg',
      last_name: input.lastName,
      email: input.email,
      birth_date: input.birthDate,
      unit_id: input.unitId,
      status: input.status ?? 'active',
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The token of the first link in a mail's text. */
export const tokenIn = (text: string | false | undefined): string => /token=([A-Za-z0-9_-]+)/.exec(text || '')![1]!;

/** Builds the app around each test file's describe block; hooks are registered by this call. */
export function registrationApp(kind: TestDatabaseKind) {
  let t: TestApp;
  let smtp: SmtpSink;
  let seen = 0;

  /** Mails that arrived since the last call, after running every due job. */
  async function newMails() {
    await t.worker.drain();
    await new Promise((r) => setTimeout(r, 100));
    const fresh = smtp.messages.slice(seen);
    seen = smtp.messages.length;
    return fresh;
  }
  const post = (url: string, payload: object, cookie?: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers: cookie ? { cookie } : {} });
  const register = (body: Partial<Record<string, string>>) =>
    post('/registration', {
      memberNumber: '300',
      lastName: 'Müller',
      birthDate: '1980-02-29',
      email: 'joerg@example.org',
      ...body,
    });
  const cookieOf = (res: Awaited<ReturnType<typeof post>>) => {
    const c = res.cookies.find((x) => x.name.endsWith('rn_session'));
    return c ? `${c.name}=${c.value}` : undefined;
  };

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await buildTestApp(kind, { SMTP_URL: smtp.url, PUBLIC_URL: 'https://netz.example' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });
  beforeEach(async () => {
    await newMails();
  });

  return {
    get t() {
      return t;
    },
    newMails,
    post,
    register,
    cookieOf,
  };
}
