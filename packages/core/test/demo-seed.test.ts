import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import type { DB } from '../src/db/schema.ts';
import { verifyPassword } from '../src/accounts/passwords.ts';
import { ConflictError } from '../src/errors.ts';
import { REGIONALZENTREN } from '../src/demo/bw-structure.ts';
import { databaseKinds } from './support/databases.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, hasData, seedDemo, type SeedReport } from '../src/demo/seed.ts';

const MEMBERS = 2000;
const SEED = 7;
const ORTSVEREINE = REGIONALZENTREN.flatMap((rz) => rz.kreise).reduce((n, k) => n + k.ortsvereine.length, 0);
const SLOW = 120_000;

function memberByEmail(db: Kysely<DB>, email: string) {
  return db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['m.id', 'm.unit_id', 'm.birth_date', 'u.name as unit_name'])
    .where('m.email', '=', email)
    .executeTakeFirstOrThrow();
}

function rolesOf(db: Kysely<DB>, memberId: number) {
  return db
    .selectFrom('member_roles as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.role', 'r.source', 'r.unit_id', 'u.code', 'u.parent_id'])
    .where('r.member_id', '=', memberId)
    .execute();
}

function rosterList(db: Kysely<DB>) {
  return db
    .selectFrom('members as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['m.member_number', 'm.first_name', 'm.last_name', 'u.code'])
    .orderBy('m.member_number')
    .execute();
}

describe.each(databaseKinds())('seedDemo on $dialect', (kind) => {
  let opened: Database;
  let db: Kysely<DB>;
  let report: SeedReport;

  beforeAll(async () => {
    opened = await kind.open();
    db = opened.db;
    expect(await hasData(db)).toBe(false);
    report = await seedDemo(db, { members: MEMBERS, seed: SEED });
  }, SLOW);

  afterAll(async () => {
    await opened?.close();
  });

  it('builds the Landesverband with its Regionalzentren, Kreisverbände, Ortsvereine, AGs and Gremien', async () => {
    const rows = await db
      .selectFrom('units')
      .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('type')
      .execute();
    const byType = Object.fromEntries(rows.map((r) => [r.type, Number(r.n)]));
    expect(ORTSVEREINE).toBe(897);
    expect(byType).toEqual({
      landesverband: 1,
      regionalzentrum: 7,
      kreisverband: 44,
      ortsverein: ORTSVEREINE,
      // 11 at Land level, and Jusos, ASF, AfA and AG 60 plus in the first 12 Kreise.
      arbeitsgemeinschaft: 11 + 4 * 12,
      gremium: 3,
    });
    expect(report.units).toBe(1 + 7 + 44 + ORTSVEREINE + 59 + 3);
    expect(await hasData(db)).toBe(true);
  });

  it('puts every unit inside the Landesverband in the closure table', async () => {
    const lv = await db.selectFrom('units').select('id').where('code', '=', 'LV-BW').executeTakeFirstOrThrow();
    const ovs = await db
      .selectFrom('unit_closure as c')
      .innerJoin('units as d', 'd.id', 'c.descendant_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('c.ancestor_id', '=', lv.id)
      .where('d.type', '=', 'ortsverein')
      .where('c.depth', '=', 3)
      .executeTakeFirstOrThrow();
    expect(Number(ovs.n)).toBe(ORTSVEREINE);
    const all = await db
      .selectFrom('unit_closure')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ancestor_id', '=', lv.id)
      .executeTakeFirstOrThrow();
    expect(Number(all.n)).toBe(report.units);
  });

  it('gives every Ortsverein at least five members, raising a roster too small for that', async () => {
    const sizes = await db
      .selectFrom('units as u')
      .leftJoin('members as m', 'm.unit_id', 'u.id')
      .select((eb) => eb.fn.count<number>('m.id').as('n'))
      .where('u.type', '=', 'ortsverein')
      .groupBy('u.id')
      .execute();
    expect(sizes).toHaveLength(ORTSVEREINE);
    expect(Math.min(...sizes.map((s) => Number(s.n)))).toBeGreaterThanOrEqual(5);
    expect(report.members).toBe(Math.max(MEMBERS, 5 * ORTSVEREINE));
    expect(sizes.reduce((sum, s) => sum + Number(s.n), 0)).toBe(report.members);
  });

  it('hands out unique eight-digit member numbers and example.org addresses', async () => {
    const members = await db.selectFrom('members').select(['member_number', 'email', 'status']).execute();
    const numbers = members.map((m) => m.member_number);
    expect(new Set(numbers).size).toBe(members.length);
    expect(numbers.every((n) => /^\d{8}$/.test(n))).toBe(true);
    const generated = members.filter((m) => !m.email!.endsWith('@demo.rotes-netz.de'));
    expect(generated).toHaveLength(members.length - DEMO_ACCOUNTS.length);
    expect(generated.every((m) => /^[a-z0-9-]+\.[a-z0-9-]+\.\d+@example\.org$/.test(m.email!))).toBe(true);
    expect(members.every((m) => m.status === 'active')).toBe(true);
  });

  it(
    'creates the demo accounts with the demo password',
    async () => {
      for (const account of DEMO_ACCOUNTS) {
        const row = await db
          .selectFrom('accounts as a')
          .innerJoin('members as m', 'm.id', 'a.member_id')
          .select(['a.password_hash', 'a.locale', 'm.email as member_email'])
          .where('a.email', '=', account.email)
          .executeTakeFirstOrThrow();
        expect(row.member_email).toBe(account.email);
        expect(row.locale).toBe('de');
        expect(await verifyPassword(row.password_hash, DEMO_PASSWORD)).toBe(true);
      }
      const any = await db.selectFrom('accounts').select('password_hash').executeTakeFirstOrThrow();
      expect(await verifyPassword(any.password_hash, 'wrong-password')).toBe(false);
    },
    SLOW,
  );

  it('puts the demo member and the chair into the same Ortsverein Tübingen', async () => {
    const member = await memberByEmail(db, 'mitglied@demo.rotes-netz.de');
    const chair = await memberByEmail(db, 'vorsitz@demo.rotes-netz.de');
    expect(member.unit_name).toBe('SPD Ortsverein Tübingen');
    expect(chair.unit_id).toBe(member.unit_id);
    expect(await rolesOf(db, member.id)).toEqual([]);
    expect(await rolesOf(db, chair.id)).toEqual([
      expect.objectContaining({ role: 'chair', source: 'roster', unit_id: member.unit_id }),
    ]);
    const chairs = await db
      .selectFrom('member_roles')
      .select('member_id')
      .where('unit_id', '=', member.unit_id)
      .where('role', '=', 'chair')
      .execute();
    expect(chairs).toEqual([{ member_id: chair.id }]);
    const jusos = await db
      .selectFrom('member_units as mu')
      .innerJoin('units as u', 'u.id', 'mu.unit_id')
      .select('u.name')
      .where('mu.member_id', '=', member.id)
      .execute();
    expect(jusos.map((u) => u.name)).toContain('Jusos Baden-Württemberg');
  });

  it('makes the RZ account staff of the Regionalzentrum around Tübingen, living in that region', async () => {
    const member = await memberByEmail(db, 'mitglied@demo.rotes-netz.de');
    const regional = await memberByEmail(db, 'regionalzentrum@demo.rotes-netz.de');
    const roles = await rolesOf(db, regional.id);
    expect(roles).toEqual([expect.objectContaining({ role: 'rz_staff', code: 'RZ-WSUED' })]);
    for (const ov of [member.unit_id, regional.unit_id]) {
      const inside = await db
        .selectFrom('unit_closure')
        .select('depth')
        .where('ancestor_id', '=', roles[0]!.unit_id)
        .where('descendant_id', '=', ov)
        .executeTakeFirst();
      expect(inside).toEqual({ depth: 2 });
    }
  });

  it('makes the admin lv_admin at the root, a member of the Landesvorstand and of the programme commission', async () => {
    const admin = await memberByEmail(db, 'admin@demo.rotes-netz.de');
    expect(await rolesOf(db, admin.id)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: 'lv_admin', code: 'LV-BW', parent_id: null }),
        expect.objectContaining({ role: 'programme_commission' }),
      ]),
    );
    expect(await rolesOf(db, admin.id)).toHaveLength(2);
    const gremien = await db
      .selectFrom('member_units as mu')
      .innerJoin('units as u', 'u.id', 'mu.unit_id')
      .select('u.code')
      .where('mu.member_id', '=', admin.id)
      .execute();
    expect(gremien.map((g) => g.code).sort()).toEqual(['GR-LAVO', 'GR-PROKO']);
  });

  it('fills the roster roles: each Ortsverein a board, each Kreis a chair, RZ staff, admins, commission', async () => {
    const rows = await db
      .selectFrom('member_roles as r')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .select(['u.type', 'r.role', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['u.type', 'r.role'])
      .execute();
    const counts = Object.fromEntries(rows.map((r) => [`${r.type}/${r.role}`, Number(r.n)]));
    expect(counts).toEqual({
      'ortsverein/chair': ORTSVEREINE,
      'ortsverein/deputy_chair': ORTSVEREINE,
      'ortsverein/treasurer': ORTSVEREINE,
      'kreisverband/chair': 44,
      'regionalzentrum/rz_staff': 14,
      'landesverband/lv_admin': 3,
      'gremium/programme_commission': 12,
    });
    const boards = await db
      .selectFrom('member_roles as r')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .select((eb) => eb.fn.count<number>('r.member_id').distinct().as('n'))
      .where('u.type', '=', 'ortsverein')
      .executeTakeFirstOrThrow();
    // Chair, deputy and treasurer are three different people in every Ortsverein.
    expect(Number(boards.n)).toBe(3 * ORTSVEREINE);
  });

  it('admits only the young to the Jusos and only the old to AG 60 plus', async () => {
    const birthDates = (code: string) =>
      db
        .selectFrom('member_units as mu')
        .innerJoin('units as u', 'u.id', 'mu.unit_id')
        .innerJoin('members as m', 'm.id', 'mu.member_id')
        .select('m.birth_date')
        .where('u.code', '=', code)
        .execute();
    const jusos = await birthDates('AG-JUSOS');
    const sixtyPlus = await birthDates('AG-60PLUS');
    expect(jusos.length).toBeGreaterThan(0);
    expect(sixtyPlus.length).toBeGreaterThan(0);
    expect(jusos.every((m) => m.birth_date! > '1991-01-01')).toBe(true);
    expect(sixtyPlus.every((m) => m.birth_date! <= '1966-01-01')).toBe(true);
  });

  it('refuses to seed a database that already has units', async () => {
    await expect(seedDemo(db, { members: MEMBERS, seed: SEED })).rejects.toBeInstanceOf(ConflictError);
    const accounts = await db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(accounts.n)).toBe(DEMO_ACCOUNTS.length);
  });

  it(
    'writes the same roster into another database from the same seed',
    async () => {
      const other = await kind.open();
      try {
        const otherReport = await seedDemo(other.db, { members: MEMBERS, seed: SEED });
        expect(otherReport.members).toBe(report.members);
        const expected = await rosterList(db);
        expect(expected).toHaveLength(report.members);
        expect(await rosterList(other.db)).toEqual(expected);
      } finally {
        await other.close();
      }
    },
    SLOW,
  );
});
