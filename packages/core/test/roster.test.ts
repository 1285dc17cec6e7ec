import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyRoster,
  fromJson,
  getRosterPreview,
  parseRoster,
  previewRoster,
  units,
  type Database,
  type RosterSection,
} from '../src/index.ts';
import { databaseKinds } from './support/databases.ts';

const HEADER = 'Mitgliedsnummer;Vorname;Nachname;E-Mail;Geburtsdatum;Ortsverein;Arbeitsgemeinschaften;Funktionen';
const csv = (...lines: string[]) => Buffer.from([HEADER, ...lines].join('\n'), 'utf8');

describe('parseRoster', () => {
  it('strips a UTF-8 BOM and reads German headers, dates and lists', () => {
    const parsed = parseRoster(
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        csv('1;Jörg;Müller;J@Example.org;03.09.1972;ov-a;AG-JUSOS|AG-ASF;Vorsitz@OV-A|Kassierer@OV-A'),
      ]),
    );
    expect(parsed).toMatchObject({ encoding: 'utf-8', separator: ';', errors: [] });
    expect(parsed.rows[0]).toEqual({
      line: 2,
      memberNumber: '1',
      firstName: 'Jörg',
      lastName: 'Müller',
      email: 'j@example.org',
      birthDate: '1972-09-03',
      ortsvereinCode: 'OV-A',
      agCodes: ['AG-JUSOS', 'AG-ASF'],
      functions: [
        { role: 'chair', unitCode: 'OV-A' },
        { role: 'treasurer', unitCode: 'OV-A' },
      ],
    });
  });

  it('decodes bytes that are not UTF-8 as Windows-1252 and says so', () => {
    const latin1 = Buffer.from(`${HEADER}\n1;J\xf6rg;Stra\xdfer;;;OV-A;;\n`, 'latin1');
    const parsed = parseRoster(latin1);
    expect(parsed.encoding).toBe('windows-1252');
    expect(parsed.rows[0]).toMatchObject({ firstName: 'Jörg', lastName: 'Straßer' });
  });

  it('detects "," and English headers, keeps quoted separators and formula-looking names as data', () => {
    const parsed = parseRoster(
      Buffer.from(
        'member number,first name,last name,email,birth date,ortsverein,ags,functions\n' +
          '7,"=HYPERLINK(""x"")","Mayer, Jr.",,2001-05-14,OV-A,,\n' +
          '8,+49,@home,,,OV-A,,"Stellvertretung@OV-A;Vorstand@KV"\n',
      ),
    );
    expect(parsed.separator).toBe(',');
    expect(parsed.rows.map((r) => [r.firstName, r.lastName])).toEqual([
      ['=HYPERLINK("x")', 'Mayer, Jr.'],
      ['+49', '@home'],
    ]);
    expect(parsed.rows[1]!.functions.map((f) => f.role)).toEqual(['deputy_chair', 'board']);
  });

  it('reports broken rows with their line and reason and keeps the rest', () => {
    const parsed = parseRoster(
      csv(
        '1;Ada;Lovelace;;;OV-A;;',
        '2;Bob;;;;OV-A;;',
        '3;Cy;Young;kein-mail;;OV-A;;',
        '4;Di;Ana;;31.02.1990;OV-A;;',
        '1;Ada;Doppelt;;;OV-A;;',
        '5;Ed;Too;;;OV-A',
        '6;Fe;Fn;;;OV-A;;Kaiser@OV-A',
      ),
    );
    expect(parsed.rows.map((r) => r.memberNumber)).toEqual(['1']);
    expect(parsed.errors.map((e) => [e.line, e.reason])).toEqual([
      [3, 'missing_value'],
      [4, 'invalid_email'],
      [5, 'invalid_date'],
      [6, 'duplicate_member_number'],
      [7, 'column_count'],
      [8, 'unknown_function'],
    ]);
  });

  it('refuses an unreadable file naming the line', () => {
    expect(() => parseRoster(csv('1;"Ada;Lovelace;;;OV-A;;'))).toThrow(/line \d+/);
    expect(() => parseRoster(Buffer.from('Vorname;Nachname\nA;B\n'))).toThrow(/line 1: the column for memberNumber/);
    expect(() => parseRoster(Buffer.from([0xff, 0xfe, 0x41, 0]))).toThrow(/UTF-16/);
    expect(() => parseRoster(Buffer.from(''))).toThrow(/empty/);
  });
});

describe.each(databaseKinds())('roster import on $dialect', (kind) => {
  let database: Database;
  let ids: Record<string, number>;

  async function member(number: string, unitId: number, status: 'active' | 'left' | 'deleted' = 'active') {
    const now = Date.now();
    return (
      await database.db
        .insertInto('members')
        .values({
          member_number: number,
          first_name: 'Alt',
          last_name: `Mitglied ${number}`,
          email: null,
          birth_date: null,
          unit_id: unitId,
          status,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }
  const statusOf = async (number: string) =>
    (await database.db.selectFrom('members').selectAll().where('member_number', '=', number).executeTakeFirst())
      ?.status;
  const section = async (id: number, name: RosterSection) =>
    (await getRosterPreview(database, id, { section: name, offset: 0, limit: 200 })).items;

  beforeEach(async () => {
    database = await kind.open();
    const db = database.db;
    const lv = (await units.createUnit(db, { type: 'landesverband', name: 'LV', code: 'LV', parentId: null })).id;
    const kv = (await units.createUnit(db, { type: 'kreisverband', name: 'KV', code: 'KV', parentId: lv })).id;
    const a = (await units.createUnit(db, { type: 'ortsverein', name: 'OV A', code: 'OV-A', parentId: kv })).id;
    const b = (await units.createUnit(db, { type: 'ortsverein', name: 'OV B', code: 'OV-B', parentId: kv })).id;
    const ag = (
      await units.createUnit(db, { type: 'arbeitsgemeinschaft', name: 'Jusos', code: 'AG-JUSOS', parentId: lv })
    ).id;
    ids = { lv, kv, a, b, ag };
  });
  afterEach(async () => database.close());

  it('previews new, changed, moved, left and broken rows without changing anything', async () => {
    await member('1', ids.a!);
    await member('2', ids.a!);
    await member('3', ids.a!);
    const kept = await member('4', ids.a!);
    await database.db
      .insertInto('member_roles')
      .values({ member_id: kept, unit_id: ids.a!, role: 'moderator', source: 'app', created_at: 1 })
      .execute();
    const preview = await previewRoster(database, {
      bytes: csv(
        '1;Alt;Mitglied 1;;;OV-A;;',
        '2;Neu;Name;;;OV-A;AG-JUSOS;',
        '3;Alt;Mitglied 3;;;OV-B;;',
        '4;Alt;Mitglied 4;;;OV-X;;',
        '9;Nina;Neu;nina@example.org;2000-01-01;OV-B;AG-JUSOS;Vorsitz@OV-B',
      ),
      fileName: 'liste.csv',
      accountId: null,
    });
    expect(preview.summary).toMatchObject({ rows: 5, new: 1, changed: 1, moved: 1, left: 0, unchanged: 1, errors: 1 });
    expect((await section(preview.id, 'moved'))[0]).toMatchObject({
      memberNumber: '3',
      fromUnit: { code: 'OV-A' },
      unit: { code: 'OV-B' },
    });
    expect((await section(preview.id, 'errors'))[0]).toMatchObject({ line: 5, reason: 'unknown_unit', detail: 'OV-X' });
    expect(await statusOf('9')).toBeUndefined();

    const applied = await applyRoster(database, preview.id, { accountId: null });
    expect(applied.applied).toMatchObject({ inserted: 1, updated: 2, left: 0 });
    const nina = await database.db
      .selectFrom('members')
      .selectAll()
      .where('member_number', '=', '9')
      .executeTakeFirstOrThrow();
    expect(nina).toMatchObject({ unit_id: ids.b, email: 'nina@example.org', birth_date: '2000-01-01' });
    const roles = await database.db.selectFrom('member_roles').selectAll().where('member_id', '=', nina.id).execute();
    expect(roles).toMatchObject([{ role: 'chair', unit_id: ids.b, source: 'roster' }]);
    const two = await database.db
      .selectFrom('members')
      .selectAll()
      .where('member_number', '=', '2')
      .executeTakeFirstOrThrow();
    expect(two).toMatchObject({ first_name: 'Neu', last_name: 'Name' });
    expect(
      await database.db.selectFrom('member_units').select('unit_id').where('member_id', '=', two.id).execute(),
    ).toEqual([{ unit_id: ids.ag }]);
    // A broken row leaves its member as they were, app roles included.
    expect(await statusOf('4')).toBe('active');
    expect(await database.db.selectFrom('member_roles').select('role').where('member_id', '=', kept).execute()).toEqual(
      [{ role: 'moderator' }],
    );
  });

  it('marks members missing from the file as left, keeps deleted members deleted without calling their row broken', async () => {
    await member('1', ids.a!);
    await member('2', ids.a!);
    await member('3', ids.a!, 'deleted');
    const file = csv('1;Alt;Mitglied 1;;;OV-A;;', '3;Alt;Mitglied 3;;;OV-A;;');
    const preview = await previewRoster(database, { bytes: file, fileName: 'x.csv', accountId: null });
    expect(preview.summary).toMatchObject({ left: 1, errors: 0, unchanged: 2 });
    expect(await section(preview.id, 'errors')).toEqual([]);
    await applyRoster(database, preview.id, { accountId: null });
    expect([await statusOf('1'), await statusOf('2'), await statusOf('3')]).toEqual(['active', 'left', 'deleted']);
    // The party's office keeps sending the row: every later import stays clean.
    const again = await previewRoster(database, { bytes: file, fileName: 'x.csv', accountId: null });
    expect(again.summary).toMatchObject({ left: 0, errors: 0, unchanged: 2 });
  });

  describe('a file that would make most members leave', () => {
    beforeEach(async () => {
      for (let i = 0; i < 120; i++) await member(String(i), i < 80 ? ids.a! : ids.b!);
    });
    const truncated = () =>
      previewRoster(database, { bytes: csv('0;Alt;Mitglied 0;;;OV-A;;'), fileName: 'x.csv', accountId: null });
    const active = async () =>
      (await database.db.selectFrom('members').select('id').where('status', '=', 'active').execute()).length;

    it('shows the departures by Ortsverein with a few names', async () => {
      const preview = await truncated();
      expect(preview.summary.left).toBe(119);
      expect(preview.massDeparture).toBe(true);
      expect(preview.departures).toEqual([
        {
          unit: { code: 'OV-A', name: 'OV A' },
          count: 79,
          sample: ['1', '2', '3'].map((n) => ({ memberNumber: n, name: `Alt Mitglied ${n}` })),
        },
        { unit: { code: 'OV-B', name: 'OV B' }, count: 40, sample: expect.any(Array) },
      ]);
      expect(
        (await getRosterPreview(database, preview.id, { section: 'left', offset: 0, limit: 1 })).departures,
      ).toEqual(preview.departures);
    });

    it.each([
      ['without confirmation', {}],
      [
        'with the wrong number',
        { departures: 120, reason: 'Die Datei kommt vollständig aus der Mitgliederverwaltung.' },
      ],
      ['without a reason', { departures: 119, reason: '  ' }],
      ['with a reason too short to explain anything', { departures: 119, reason: 'passt schon' }],
    ])('refuses to apply it %s and changes nothing', async (_case, confirmation) => {
      const preview = await truncated();
      await expect(applyRoster(database, preview.id, { accountId: null }, confirmation)).rejects.toMatchObject({
        code: 'roster_mass_departure',
      });
      expect(await active()).toBe(120);
      const applied = await database.db.selectFrom('roster_imports').select('status').execute();
      expect(applied.map((r) => r.status)).toEqual(['previewed']);
    });

    it('applies it with the typed number and a reason, which the audit log keeps', async () => {
      const preview = await truncated();
      const reason = 'Der Unterbezirk ist aufgelöst, die Liste ist vollständig.';
      const result = await applyRoster(database, preview.id, { accountId: null }, { departures: 119, reason });
      expect(result.applied.left).toBe(119);
      expect(await active()).toBe(1);
      const audit = await database.db
        .selectFrom('audit_log')
        .select('data')
        .where('action', '=', 'roster.applied')
        .executeTakeFirstOrThrow();
      expect(fromJson(audit.data)).toMatchObject({ left: 119, departuresConfirmed: 119, reason });
    });

    it('needs no confirmation for a tenth of the roster or less', async () => {
      const lines = Array.from({ length: 120 }, (_, i) => `${i};Alt;Mitglied ${i};;;${i < 80 ? 'OV-A' : 'OV-B'};;`);
      const preview = await previewRoster(database, {
        bytes: csv(...lines.slice(0, 108)),
        fileName: 'x.csv',
        accountId: null,
      });
      expect(preview.summary.left).toBe(12);
      expect(preview.massDeparture).toBe(false);
      expect((await applyRoster(database, preview.id, { accountId: null })).applied.left).toBe(12);
    });
  });

  it('applies the good rows of a file with 5 % broken rows and marks none of the broken as left', async () => {
    for (let i = 0; i < 100; i++) await member(String(i), ids.a!);
    const lines = Array.from({ length: 100 }, (_, i) =>
      i % 20 === 0 ? `${i};Kaputt;;;;OV-A;;` : `${i};Neu;Name ${i};;;OV-B;;`,
    );
    const preview = await previewRoster(database, { bytes: csv(...lines), fileName: 'x.csv', accountId: null });
    expect(preview.summary).toMatchObject({ moved: 95, errors: 5, left: 0 });
    await applyRoster(database, preview.id, { accountId: null });
    const rows = await database.db.selectFrom('members').select(['member_number', 'unit_id', 'status']).execute();
    expect(rows.filter((r) => r.unit_id === ids.b).length).toBe(95);
    expect(rows.filter((r) => r.status === 'active').length).toBe(100);
  });

  it('refuses an outdated preview with roster_preview_outdated', async () => {
    const first = await previewRoster(database, { bytes: csv('1;A;B;;;OV-A;;'), fileName: 'x.csv', accountId: null });
    const second = await previewRoster(database, { bytes: csv('2;A;B;;;OV-A;;'), fileName: 'x.csv', accountId: null });
    await applyRoster(database, second.id, { accountId: null });
    await expect(applyRoster(database, first.id, { accountId: null })).rejects.toMatchObject({
      code: 'roster_preview_outdated',
    });
    await expect(applyRoster(database, second.id, { accountId: null })).rejects.toMatchObject({
      code: 'roster_preview_outdated',
    });
    const stale = await previewRoster(database, { bytes: csv('2;A;B;;;OV-A;;'), fileName: 'x.csv', accountId: null });
    await database.db
      .updateTable('roster_imports')
      .set({ created_at: Date.now() - 2 * 3600_000 })
      .where('id', '=', stale.id)
      .execute();
    await expect(applyRoster(database, stale.id, { accountId: null })).rejects.toMatchObject({
      code: 'roster_preview_outdated',
    });
  });

  it('imports 36,000 rows and re-imports them with a few changes (timed)', { timeout: 120_000 }, async () => {
    const rows = (change: boolean) =>
      Array.from(
        { length: 36_000 },
        (_, i) =>
          `${100000 + i};${change ? 'Neu' : ''}Vorname${i};Nachname${i};m${i}@example.org;1980-01-01;${change && i % 100 === 0 ? 'OV-B' : 'OV-A'};${i % 3 === 0 ? 'AG-JUSOS' : ''};${i % 500 === 0 ? 'Kassierer@OV-A' : ''}`,
      );
    let started = performance.now();
    const first = await previewRoster(database, { bytes: csv(...rows(false)), fileName: 'x.csv', accountId: null });
    const previewMs = performance.now() - started;
    started = performance.now();
    await applyRoster(database, first.id, { accountId: null });
    const applyMs = performance.now() - started;
    started = performance.now();
    const second = await previewRoster(database, { bytes: csv(...rows(true)), fileName: 'x.csv', accountId: null });
    await applyRoster(database, second.id, { accountId: null });
    const againMs = performance.now() - started;
    console.log(
      `[${kind.dialect}] 36,000 rows: preview ${Math.round(previewMs)} ms, apply ${Math.round(applyMs)} ms; ` +
        `re-import renaming all, 360 moves ${Math.round(againMs)} ms`,
    );
    expect(second.summary).toMatchObject({ new: 0, changed: 35_640, moved: 360, unchanged: 0, errors: 0 });
    const count = await database.db
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(36_000);
  });
});
