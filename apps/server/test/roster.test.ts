import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromJson, units } from '@rotes-netz/core';
import { databaseKinds } from '../../../packages/core/test/support/databases.ts';
import { buildTestApp, PASSWORD, signIn, type TestApp } from './support/app.ts';
import { expectSafeCsv } from './support/csv.ts';

const HEADER = 'Mitgliedsnummer;Vorname;Nachname;E-Mail;Geburtsdatum;Ortsverein;Arbeitsgemeinschaften;Funktionen';
/** The admin (200) stays in every file: the roster is the whole membership. */
const ADMIN_ROW = '200;Erika;admin;admin@example.org;;OV;;';

describe.each(databaseKinds())('roster import and member admin API on $dialect', (kind) => {
  let t: TestApp;
  let admin: string;
  let ov2: number;

  beforeEach(async () => {
    t = await buildTestApp(kind);
    const kv = (await units.getAncestry(t.database.db, t.ids.ov))[1]!.id;
    ov2 = (
      await units.createUnit(t.database.db, {
        type: 'ortsverein',
        name: 'SPD Ortsverein Berg',
        code: 'OV2',
        parentId: kv,
      })
    ).id;
    admin = await signIn(t.app, 'admin@example.org');
  });
  afterEach(() => t.close());

  const upload = (cookie: string, lines: string[], contentType = 'text/csv') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/roster/previews?name=liste.csv',
      headers: { cookie, 'content-type': contentType },
      payload: Buffer.from([HEADER, ...lines].join('\r\n'), 'utf8'),
    });
  const apply = (id: number) =>
    t.app.inject({ method: 'POST', url: `/api/v1/admin/roster/previews/${id}/apply`, headers: { cookie: admin } });

  it('answers 404 to members who are not Landesverband admins, 401 to nobody', async () => {
    const member = await signIn(t.app, 'mitglied@example.org');
    expect((await upload(member, [ADMIN_ROW])).statusCode).toBe(404);
    for (const url of [
      '/api/v1/admin/members',
      '/api/v1/admin/members/export.csv',
      `/api/v1/admin/members/${t.ids.member}`,
    ]) {
      expect((await t.app.inject({ url, headers: { cookie: member } })).statusCode).toBe(404);
      expect((await t.app.inject({ url })).statusCode).toBe(401);
    }
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/units/${t.ids.ov}`,
      headers: { cookie: member },
      payload: { name: 'Gekapert' },
    });
    expect(patch.statusCode).toBe(404);
  });

  it('refuses other media types and unreadable files with the failing line', async () => {
    expect((await upload(admin, [ADMIN_ROW], 'application/xml')).statusCode).toBe(415);
    const broken = await upload(admin, [ADMIN_ROW, '100;"Mia;Mitglied;;;OV;;']);
    expect(broken.statusCode).toBe(422);
    expect(broken.json()).toMatchObject({
      code: 'roster_file_invalid',
      errors: [{ path: expect.stringMatching(/^\/line\/\d+$/) }],
    });
  });

  it('previews a move, a new member and a broken row, applies it, and /me shows the new Ortsverein at once', async () => {
    const member = await signIn(t.app, 'mitglied@example.org');
    const res = await upload(admin, [
      ADMIN_ROW,
      '100;Erika;mitglied;mitglied@example.org;;OV2;;Kassierer@OV2',
      '300;Nina;Neu;;14.05.2001;OV;;',
      '400;Kaputt;;;;OV;;',
    ]);
    expect(res.statusCode).toBe(201);
    const { id, summary } = res.json();
    expect(summary).toMatchObject({ rows: 4, new: 1, moved: 1, errors: 1, left: 0 });
    const errors = await t.app.inject({
      url: `/api/v1/admin/roster/previews/${id}?section=errors`,
      headers: { cookie: admin },
    });
    expect(errors.json().items).toEqual([
      expect.objectContaining({ line: 5, memberNumber: '400', reason: 'missing_value', detail: 'lastName' }),
    ]);
    const moved = await t.app.inject({
      url: `/api/v1/admin/roster/previews/${id}?section=moved`,
      headers: { cookie: admin },
    });
    expect(moved.json().items[0]).toMatchObject({
      memberNumber: '100',
      fromUnit: { code: 'OV' },
      unit: { code: 'OV2' },
    });

    const applied = await apply(id);
    expect(applied.statusCode).toBe(200);
    expect(applied.json().applied).toMatchObject({ inserted: 1, updated: 1, left: 0 });
    const me = (await t.app.inject({ url: '/api/v1/me', headers: { cookie: member } })).json();
    const codes = me.memberships.map((m: { unit: { code: string } }) => m.unit.code);
    expect(codes).toContain('OV2');
    expect(codes).not.toContain('OV');
    expect(me.memberships.find((m: { unit: { code: string } }) => m.unit.code === 'OV2').roles).toEqual(['treasurer']);
    expect((await apply(id)).json()).toMatchObject({ code: 'roster_preview_outdated', status: 409 });
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('action', 'like', 'roster.%')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['roster.previewed', 'roster.applied']);
    expect(fromJson(audit[1]!.data)).toMatchObject({ importId: id, inserted: 1, moved: 1, errors: 1 });
  });

  it('refuses a mass departure as problem+json until the admin types the number and gives a reason', async () => {
    const many = Array.from({ length: 130 }, (_, i) => `${1000 + i};Vorname;Name ${i};;;${i % 2 ? 'OV' : 'OV2'};;`);
    const first = (await upload(admin, [ADMIN_ROW, ...many])).json();
    expect((await apply(first.id)).statusCode).toBe(200);
    // A truncated export: the admin alone.
    const res = await upload(admin, [ADMIN_ROW]);
    const { id, summary, massDeparture, departures } = res.json();
    expect(massDeparture).toBe(true);
    expect(departures.map((d: { unit: { code: string }; count: number }) => [d.unit.code, d.count])).toEqual([
      ['OV2', 65],
      ['OV', 65 + summary.left - 130],
    ]);

    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/roster/previews/${id}/apply`,
      headers: { cookie: admin, 'accept-language': 'de' },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({
      code: 'roster_mass_departure',
      title: expect.stringContaining('Zahl der Austritte'),
      errors: [{ path: '/departures' }, { path: '/reason' }],
    });
    const confirmed = (departures: number) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/admin/roster/previews/${id}/apply`,
        headers: { cookie: admin },
        payload: { departures, reason: 'Export aus der Mitgliederverwaltung, vollständig geprüft.' },
      });
    expect((await confirmed(summary.left + 1)).json()).toMatchObject({ code: 'roster_mass_departure' });
    // Nothing was changed by the refusals.
    const active = await t.database.db.selectFrom('members').select('id').where('status', '=', 'active').execute();
    expect(active.length).toBeGreaterThan(130);

    const applied = await confirmed(summary.left);
    expect(applied.statusCode).toBe(200);
    expect(applied.json().applied.left).toBe(summary.left);
  });

  it('ends the sessions of a member who left and refuses their sign-in', async () => {
    const member = await signIn(t.app, 'mitglied@example.org');
    const { id, summary } = (await upload(admin, [ADMIN_ROW])).json();
    expect(summary.left).toBe(1);
    expect((await apply(id)).json().applied).toMatchObject({ left: 1, sessionsEnded: 1 });
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: member } })).statusCode).toBe(401);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: 'mitglied@example.org', password: PASSWORD },
    });
    expect(again.statusCode).toBe(401);
    const list = await t.app.inject({ url: '/api/v1/admin/members?status=left', headers: { cookie: admin } });
    expect(list.json().items.map((m: { memberNumber: string }) => m.memberNumber)).toEqual(['100']);
  });

  it('finds members by name without umlauts, by number and by unit, and shows one with roles', async () => {
    await apply((await upload(admin, [ADMIN_ROW, '100;Jörg;Müller;mitglied@example.org;;OV2;;Vorsitz@OV2'])).json().id);
    const search = async (query: string) =>
      (await t.app.inject({ url: `/api/v1/admin/members?${query}`, headers: { cookie: admin } }))
        .json()
        .items.map((m: { memberNumber: string }) => m.memberNumber);
    expect(await search('q=mueller')).toEqual(['100']);
    expect(await search('q=MÜLLER')).toEqual(['100']);
    expect(await search('q=200')).toEqual(['200']);
    expect(await search(`unitId=${ov2}`)).toEqual(['100']);
    const detail = await t.app.inject({ url: `/api/v1/admin/members/${t.ids.admin}`, headers: { cookie: admin } });
    expect(detail.json()).toMatchObject({
      memberNumber: '200',
      hasAccount: true,
      status: 'active',
      roles: [{ role: 'lv_admin', source: 'app', unit: { code: 'LV' } }],
    });
    expect((await t.app.inject({ url: '/api/v1/admin/members/999999', headers: { cookie: admin } })).statusCode).toBe(
      404,
    );
  });

  it('exports members as CSV with formula cells neutralised', async () => {
    await apply(
      (
        await upload(admin, [
          ADMIN_ROW,
          '100;"=HYPERLINK(""http://x"")";+49 1;mitglied@example.org;;OV;;',
          '101;@SUM(A1);-2;;;OV;;',
          '103;"Steuern,=2+5,";Komma;;;OV;;',
          '102;Tab;CR;;;OV;;',
        ])
      ).json().id,
    );
    // The import trims cells; a tab or CR at the start can only come from elsewhere.
    await t.database.db
      .updateTable('members')
      .set({ first_name: '\tTab', last_name: '\rCR' })
      .where('member_number', '=', '102')
      .execute();
    const res = await t.app.inject({ url: '/api/v1/admin/members/export.csv', headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const records = expectSafeCsv(res.body);
    expect(records[0]!.join(';')).toBe(`${HEADER};Status`);
    expect(records).toContainEqual([
      '100',
      `'=HYPERLINK("http://x")`,
      "'+49 1",
      'mitglied@example.org',
      '',
      'OV',
      '',
      '',
      'active',
    ]);
    expect(records).toContainEqual(['101', "'@SUM(A1)", "'-2", '', '', 'OV', '', '', 'active']);
    expect(records).toContainEqual(['103', 'Steuern,=2+5,', 'Komma', '', '', 'OV', '', '', 'active']);
    expect(records).toContainEqual(['102', "'\tTab", "'\rCR", '', '', 'OV', '', '', 'active']);
  });

  it('renames a unit and refuses a taken code', async () => {
    const patch = (payload: object) =>
      t.app.inject({ method: 'PATCH', url: `/api/v1/admin/units/${ov2}`, headers: { cookie: admin }, payload });
    const renamed = await patch({ name: 'SPD Ortsverein Bergdorf', code: 'ov-berg' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'SPD Ortsverein Bergdorf', code: 'OV-BERG' });
    expect((await patch({ code: 'OV' })).json()).toMatchObject({ status: 422, errors: [{ path: '/code' }] });
    expect((await patch({ isAdmin: true })).statusCode).toBe(422);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('unit_id', '=', ov2).execute();
    expect(audit).toEqual([{ action: 'unit.updated' }]);
  });
});
