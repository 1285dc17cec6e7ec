import { beforeAll, describe, expect, it } from 'vitest';
import { units } from '@rotes-netz/core';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { addMember, signIn, type TestApp } from './support/app.ts';
import { addRosterMember, GOOD_PASSWORD, registrationApp, tokenIn } from './support/registration.ts';

describe.each(databaseKinds())('password reset, account changes and invitations on $dialect', (kind) => {
  const h = registrationApp(kind);
  const { newMails, post, register, cookieOf } = h;
  let t: TestApp;
  beforeAll(() => {
    t = h.t;
  });

  describe('password reset', () => {
    it('answers the same for unknown addresses and sends nothing', async () => {
      const unknown = await post('/auth/password-reset', { email: 'niemand@example.org' });
      const known = await post('/auth/password-reset', { email: 'admin@example.org' });
      expect(unknown.statusCode).toBe(202);
      expect(unknown.body).toBe(known.body);
      const mails = await newMails();
      expect(mails.map((m) => m.to)).toMatchObject([{ text: 'admin@example.org' }]);
    });

    it('sends one reset mail however often it is asked for within ten minutes', async () => {
      await addMember(t.database, { unitId: t.ids.ov, email: 'flut@example.org', number: 'F1' });
      for (let i = 0; i < 3; i++) {
        expect((await post('/auth/password-reset', { email: 'flut@example.org' })).statusCode).toBe(202);
      }
      expect((await newMails()).map((m) => m.subject)).toEqual(['Passwort zurücksetzen']);
    });

    it('sets the password once, ends every session and does not sign in', async () => {
      const oldSession = await signIn(t.app, 'mitglied@example.org');
      await post('/auth/password-reset', { email: 'Mitglied@example.org' });
      const [mail] = await newMails();
      expect(mail!.subject).toBe('Passwort zurücksetzen');
      const token = tokenIn(mail!.text);

      expect((await post('/auth/password-reset/complete', { token, password: 'qwertyuiop' })).statusCode).toBe(422);
      const res = await post('/auth/password-reset/complete', { token, password: GOOD_PASSWORD });
      expect(res.statusCode).toBe(204);
      expect(res.cookies.find((c) => c.name.endsWith('rn_session'))?.value ?? '').toBe('');
      expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: oldSession } })).statusCode).toBe(401);
      expect((await post('/auth/password-reset/complete', { token, password: GOOD_PASSWORD })).json().code).toBe(
        'token_invalid',
      );
      const [notice] = await newMails();
      expect(notice!.subject).toBe('Dein Passwort wurde geändert');
      await signIn(t.app, 'mitglied@example.org', GOOD_PASSWORD);
    });
  });

  describe('changing password and email while signed in', () => {
    let chair: string;
    beforeAll(async () => {
      await addRosterMember(t.database, {
        unitId: t.ids.ov,
        number: '500',
        lastName: 'Wechsel',
        birthDate: '1985-05-05',
        email: 'clara@example.org',
      });
      await register({ memberNumber: '500', lastName: 'Wechsel', birthDate: '1985-05-05', email: 'clara@example.org' });
      const res = await post('/registration/complete', {
        token: tokenIn((await newMails())[0]!.text),
        password: GOOD_PASSWORD,
      });
      chair = cookieOf(res)!;
    });

    it('asks for the current password before changing it', async () => {
      const res = await post(
        '/me/password',
        { currentPassword: 'falsch-falsch', newPassword: 'Ein ganz neues Passwort' },
        chair,
      );
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'reauthentication_required', errors: [{ path: '/currentPassword' }] });
      expect((await post('/me/password', { currentPassword: 'x', newPassword: 'y' })).statusCode).toBe(401);
    });

    it('changes the password, ends the other sessions and tells the member', async () => {
      const other = await signIn(t.app, 'clara@example.org', GOOD_PASSWORD);
      const weak = await post('/me/password', { currentPassword: GOOD_PASSWORD, newPassword: '1234567890' }, chair);
      expect(weak.json()).toMatchObject({ code: 'password_rejected', errors: [{ path: '/newPassword' }] });
      const res = await post(
        '/me/password',
        { currentPassword: GOOD_PASSWORD, newPassword: 'Ein ganz neues Passwort' },
        chair,
      );
      expect(res.statusCode).toBe(204);
      expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: other } })).statusCode).toBe(401);
      expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: chair } })).statusCode).toBe(200);
      const mails = await newMails();
      expect(mails.map((m) => m.subject)).toEqual(['Dein Passwort wurde geändert']);
    });

    it('changes the email only through a link sent to the new address, and tells the old one', async () => {
      const res = await post(
        '/me/email',
        { currentPassword: 'Ein ganz neues Passwort', newEmail: 'Clara.Neu@example.org' },
        chair,
      );
      expect(res.statusCode).toBe(202);
      const [confirm] = await newMails();
      expect(confirm!.to).toMatchObject({ text: 'clara.neu@example.org' });
      const token = tokenIn(confirm!.text);

      const stranger = await signIn(t.app, 'admin@example.org');
      expect((await post('/me/email/confirm', { token }, stranger)).json().code).toBe('token_invalid');
      const ok = await post('/me/email/confirm', { token }, chair);
      expect(ok.json()).toEqual({ email: 'clara.neu@example.org' });
      const [notice] = await newMails();
      expect(notice!.to).toMatchObject({ text: 'clara@example.org' });
      expect(notice!.subject).toBe('Die E-Mail-Adresse deines Kontos wurde geändert');
      await signIn(t.app, 'clara.neu@example.org', 'Ein ganz neues Passwort');
    });
  });

  describe('invitations', () => {
    let otherOv: number;
    let chairB: string;
    let admin: string;
    beforeAll(async () => {
      const kv = (
        await units.createUnit(t.database.db, {
          type: 'kreisverband',
          name: 'SPD Bergkreis',
          code: 'KVB',
          parentId: t.ids.lv,
        })
      ).id;
      otherOv = (
        await units.createUnit(t.database.db, { type: 'ortsverein', name: 'SPD Berg', code: 'OVB', parentId: kv })
      ).id;
      await addMember(t.database, {
        unitId: otherOv,
        email: 'chair-b@example.org',
        number: '600',
        roles: [{ unitId: otherOv, role: 'chair' }],
      });
      await addRosterMember(t.database, {
        unitId: t.ids.ov,
        number: '700',
        lastName: 'Gast',
        birthDate: '1999-09-09',
        email: null,
      });
      chairB = await signIn(t.app, 'chair-b@example.org');
      admin = await signIn(t.app, 'admin@example.org');
    });

    it('is not there for a functionary of another Ortsverein, or a plain member', async () => {
      const other = await post(
        `/units/${t.ids.ov}/invitations`,
        { memberNumber: '700', email: 'gast@example.org' },
        chairB,
      );
      expect(other.statusCode).toBe(404);
      const ownUnit = await post(
        `/units/${otherOv}/invitations`,
        { memberNumber: '700', email: 'gast@example.org' },
        chairB,
      );
      expect(ownUnit.statusCode).toBe(404);
      expect(
        (await post(`/units/${t.ids.ov}/invitations`, { memberNumber: '700', email: 'gast@example.org' })).statusCode,
      ).toBe(401);
      expect(await newMails()).toHaveLength(0);
    });

    it('lets a Landesverband admin invite, and the invitee sets a password and is signed in', async () => {
      const res = await post(
        `/units/${t.ids.lv}/invitations`,
        { memberNumber: '700', email: 'Gast@example.org' },
        admin,
      );
      expect(res.statusCode).toBe(202);
      const [mail] = await newMails();
      expect(mail!.to).toMatchObject({ text: 'gast@example.org' });
      expect(mail!.text).toContain('https://netz.example/einladung?token=');
      expect(mail!.text).toContain('geburtsdatum=1');
      const accept = await post('/invitations/accept', {
        token: tokenIn(mail!.text),
        password: GOOD_PASSWORD,
        birthDate: '1999-09-09',
      });
      expect(accept.statusCode).toBe(200);
      expect(accept.json()).toMatchObject({ email: 'gast@example.org', memberNumber: '700' });
      // Like a sign-in, accepting marks this browser as a known device of the new account.
      expect(accept.cookies.find((c) => c.name.endsWith('rn_device'))?.value).toBeTruthy();
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'invitation.created')
        .execute();
      expect(audit).toHaveLength(1);
      expect(
        (await post(`/units/${t.ids.lv}/invitations`, { memberNumber: '700', email: 'g@example.org' }, admin))
          .statusCode,
      ).toBe(409);
    });

    describe('a chair cannot make an account in a member’s name (issue 13, finding 3)', () => {
      let chairA: string;
      beforeAll(async () => {
        await addMember(t.database, {
          unitId: t.ids.ov,
          email: 'chair-a@example.org',
          number: '650',
          roles: [{ unitId: t.ids.ov, role: 'chair' }],
        });
        await addRosterMember(t.database, {
          unitId: t.ids.ov,
          number: '710',
          lastName: 'Liste',
          birthDate: '1970-01-01',
          email: 'liste@example.org',
        });
        await addRosterMember(t.database, {
          unitId: t.ids.ov,
          number: '720',
          lastName: 'Ohnemail',
          birthDate: '1985-05-17',
          email: null,
        });
        chairA = await signIn(t.app, 'chair-a@example.org');
      });

      it('sends the invitation of a member with a roster email only to that address', async () => {
        const res = await post(
          `/units/${t.ids.ov}/invitations`,
          { memberNumber: '710', email: 'chair-a-privat@example.org' },
          chairA,
        );
        expect(res.statusCode).toBe(202);
        const mails = await newMails();
        expect(mails.map((m) => m.to)).toEqual([expect.objectContaining({ text: 'liste@example.org' })]);
        expect(mails[0]!.text).not.toContain('geburtsdatum');
      });

      it('asks for the roster birth date when the link went to an address the roster does not know', async () => {
        await post(`/units/${t.ids.ov}/invitations`, { memberNumber: '720', email: 'chef@example.org' }, chairA);
        const [mail] = await newMails();
        expect(mail!.to).toMatchObject({ text: 'chef@example.org' });
        const token = tokenIn(mail!.text);
        const without = await post('/invitations/accept', { token, password: GOOD_PASSWORD });
        expect(without.statusCode).toBe(422);
        expect(without.json().code).toBe('birth_date_mismatch');
        const wrong = await post('/invitations/accept', { token, password: GOOD_PASSWORD, birthDate: '1985-05-18' });
        expect(wrong.statusCode).toBe(422);
        expect(cookieOf(wrong)).toBeUndefined();
        // The third wrong try uses the invitation up: guessing birth dates ends there.
        await post('/invitations/accept', { token, password: GOOD_PASSWORD, birthDate: '1985-05-19' });
        const right = await post('/invitations/accept', { token, password: GOOD_PASSWORD, birthDate: '1985-05-17' });
        expect(right.statusCode).toBe(400);
        expect(right.json().code).toBe('token_invalid');
        const account = await t.database.db
          .selectFrom('accounts')
          .select('id')
          .where('email', '=', 'chef@example.org')
          .executeTakeFirst();
        expect(account).toBeUndefined();
      });
    });
  });
});
