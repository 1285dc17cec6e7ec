import { beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { buildTestApp, signIn, type TestApp } from './support/app.ts';
import { addRosterMember, GOOD_PASSWORD, registrationApp, tokenIn } from './support/registration.ts';

describe.each(databaseKinds())('registration on $dialect', (kind) => {
  const h = registrationApp(kind);
  const { newMails, post, register, cookieOf } = h;
  let t: TestApp;
  beforeAll(() => {
    t = h.t;
  });

  describe('asking to register', () => {
    beforeAll(async () => {
      await addRosterMember(t.database, {
        unitId: t.ids.ov,
        number: '300',
        lastName: 'Müller',
        birthDate: '1980-02-29',
        email: 'Joerg@Example.org',
      });
      await addRosterMember(t.database, {
        unitId: t.ids.ov,
        number: '301',
        lastName: 'Alt',
        birthDate: '1950-01-01',
        email: 'alt@example.org',
        status: 'left',
      });
      await addRosterMember(t.database, {
        unitId: t.ids.ov,
        number: '302',
        lastName: 'Weg',
        birthDate: '1950-01-01',
        email: 'weg@example.org',
        status: 'deleted',
      });
      await addRosterMember(t.database, {
        unitId: t.ids.ov,
        number: '303',
        lastName: 'Ohne',
        birthDate: '1990-07-01',
        email: null,
      });
    });

    it('answers members and strangers with the same status and body', async () => {
      const member = await register({ lastName: 'MUELLER' });
      const stranger = await register({ memberNumber: '999999' });
      const wrongBirth = await register({ birthDate: '1980-03-01' });
      for (const res of [member, stranger, wrongBirth]) {
        expect(res.statusCode).toBe(202);
        expect(res.body).toBe(member.body);
      }
      const mails = await newMails();
      expect(mails).toHaveLength(1);
      expect(mails[0]!.to).toMatchObject({ text: 'joerg@example.org' });
      expect(mails[0]!.subject).toBe('Bitte bestätige deine Registrierung');
      // The roster request does not linger in the queue.
      const payloads = await t.database.db
        .selectFrom('jobs')
        .select('payload')
        .where('kind', '=', 'registration.check')
        .execute();
      expect(payloads.every((p) => !String(p.payload).includes('1980'))).toBe(true);
    });

    it('sends nothing to members who left or were deleted', async () => {
      expect(
        (await register({ memberNumber: '301', lastName: 'Alt', birthDate: '1950-01-01', email: 'alt@example.org' }))
          .statusCode,
      ).toBe(202);
      expect(
        (await register({ memberNumber: '302', lastName: 'Weg', birthDate: '1950-01-01', email: 'weg@example.org' }))
          .statusCode,
      ).toBe(202);
      expect(await newMails()).toHaveLength(0);
    });

    it('never lets a stranger register a member with another address; the roster address is told once', async () => {
      await register({ email: 'fremd@example.net' });
      await register({ email: 'fremd@example.net' });
      const mails = await newMails();
      expect(mails).toHaveLength(1);
      expect(mails[0]!.to).toMatchObject({ text: 'joerg@example.org' });
      expect(mails[0]!.subject).toBe('Jemand wollte sich mit deiner Mitgliedsnummer registrieren');
      expect(mails[0]!.text).not.toContain('token=');
    });

    it('mails the address given when the roster has none', async () => {
      await register({ memberNumber: '303', lastName: 'Ohne', birthDate: '1990-07-01', email: 'ohne@example.org' });
      const mails = await newMails();
      expect(mails.map((m) => m.to)).toMatchObject([{ text: 'ohne@example.org' }]);
    });

    it('reminds a member who already has an account', async () => {
      const now = Date.now();
      await t.database.db
        .updateTable('members')
        .set({ birth_date: '1970-01-01', updated_at: now })
        .where('id', '=', t.ids.member)
        .execute();
      await post('/registration', {
        memberNumber: '100',
        lastName: 'mitglied',
        birthDate: '1970-01-01',
        email: 'mitglied@example.org',
      });
      const mails = await newMails();
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toBe('Du hast schon ein Konto');
      expect(mails[0]!.text).toContain('https://netz.example/passwort-vergessen');
    });

    it('refuses unknown fields and malformed dates', async () => {
      expect((await register({ birthDate: '29.02.1980' })).statusCode).toBe(422);
      expect(
        (
          await post('/registration', {
            memberNumber: '300',
            lastName: 'x',
            birthDate: '1980-02-29',
            email: 'a@b.de',
            isAdmin: true,
          })
        ).statusCode,
      ).toBe(422);
    });
  });

  describe('completing a registration', () => {
    let token: string;
    beforeAll(async () => {
      await addRosterMember(t.database, {
        unitId: t.ids.ov,
        number: '400',
        lastName: 'Şahin',
        birthDate: '2000-12-31',
        email: 'sahin@example.org',
      });
      await register({ memberNumber: '400', lastName: 'sahin', birthDate: '2000-12-31', email: 'SAHIN@example.org' });
      const [mail] = await newMails();
      expect(mail!.text).toContain('https://netz.example/registrieren/bestaetigen?token=');
      token = tokenIn(mail!.text);
    });

    it('refuses forged links', async () => {
      const res = await post('/registration/complete', { token: 'A'.repeat(43), password: GOOD_PASSWORD });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('token_invalid');
    });

    it.each([
      ['a short', 'kurz12345'],
      ['a common', 'password123'],
      ['a known word with digits as', 'Passwort2024!'],
      ['the email address as', 'sahin@example.org'],
      ['one repeated character as', 'aaaaaaaaaaaa'],
    ])('refuses %s password with a reason at /password, keeping the link', async (_name, password) => {
      const res = await post('/registration/complete', { token, password });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'password_rejected', errors: [{ path: '/password' }] });
    });

    it('creates the account and signs the member in; the link works once', async () => {
      const res = await post('/registration/complete', { token, password: GOOD_PASSWORD });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ email: 'sahin@example.org', memberNumber: '400' });
      const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: cookieOf(res)! } });
      expect(me.statusCode).toBe(200);
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'account.registered')
        .execute();
      expect(audit).toHaveLength(1);
      // Taking note of the privacy notice is recorded with its version and time.
      const consents = await t.app.inject({ url: '/api/v1/me/consents', headers: { cookie: cookieOf(res)! } });
      expect(JSON.stringify(consents.json())).toContain('privacy_notice');
      const again = await post('/registration/complete', { token, password: GOOD_PASSWORD });
      expect(again.json().code).toBe('token_invalid');
      await signIn(t.app, 'sahin@example.org', GOOD_PASSWORD);
    });

    it('refuses an expired link', async () => {
      await addRosterMember(t.database, {
        unitId: t.ids.ov,
        number: '401',
        lastName: 'Spät',
        birthDate: '2000-01-01',
        email: 'spaet@example.org',
      });
      await register({ memberNumber: '401', lastName: 'Spaet', birthDate: '2000-01-01', email: 'spaet@example.org' });
      const expired = tokenIn((await newMails())[0]!.text);
      await t.database.db
        .updateTable('email_tokens')
        .set({ expires_at: Date.now() - 1 })
        .where('purpose', '=', 'register')
        .execute();
      const res = await post('/registration/complete', { token: expired, password: GOOD_PASSWORD });
      expect(res.json().code).toBe('token_invalid');
    });
  });

  describe('rate limits', () => {
    it('stops a flood of registration and reset requests from one address', async () => {
      const limited = await buildTestApp(kind, { SIGN_IN_LIMIT_PER_MINUTE: '4' });
      try {
        const body = { memberNumber: '1', lastName: 'x', birthDate: '1980-01-01', email: 'x@example.org' };
        const codes = [];
        for (let i = 0; i < 3; i++) {
          codes.push(
            (await limited.app.inject({ method: 'POST', url: '/api/v1/registration', payload: body })).statusCode,
          );
        }
        expect(codes).toEqual([202, 202, 429]);
        const resets = [];
        for (let i = 0; i < 3; i++) {
          resets.push(
            (
              await limited.app.inject({
                method: 'POST',
                url: '/api/v1/auth/password-reset',
                payload: { email: 'x@example.org' },
              })
            ).statusCode,
          );
        }
        expect(resets).toEqual([202, 202, 429]);
      } finally {
        await limited.close();
      }
    });
  });
});
