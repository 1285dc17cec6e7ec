/**
 * The demo instance: the SPD Baden-Württemberg with its Regionalzentren, 44 Kreisverbände,
 * ~900 Ortsvereine, Arbeitsgemeinschaften and Gremien, a fictional roster of tens of thousands
 * of members and four accounts to sign in with. Deterministic: the same PRNG seed writes the
 * same rows (apart from timestamps) into SQLite and PostgreSQL alike.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { nowMs } from '../db/database.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import { hashPassword } from '../accounts/passwords.ts';
import { insertUnit, type NewUnit } from '../units/units.repository.ts';
import { seedDemoProgramme } from './programme.ts';
import { chunks, insertMembers } from '../members/members.repository.ts';
import { foldForSearch } from '../text.ts';
import { ARBEITSGEMEINSCHAFTEN, GREMIEN, LANDESVERBAND, REGIONALZENTREN } from './bw-structure.ts';
import { createRandom, DEMO_PEOPLE, planRoster, type RosterOrtsverein, type RosterStructure } from './members.ts';

/** An account to sign in to the demo with. */
export interface DemoAccount {
  email: string;
  password: string;
  /** Who this account is, in English, e.g. for the CLI and the README. */
  role: string;
  /** The same in German, for the sign-in page of the demo. */
  description_de: string;
}

/** The password of every demo account. */
export const DEMO_PASSWORD = 'rotes-netz-demo';

/** The four demo accounts: a member, the chair of the same Ortsverein, RZ staff and an admin. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    email: DEMO_PEOPLE.member.email,
    password: DEMO_PASSWORD,
    role: 'Member of the Ortsverein Tübingen and the Jusos',
    description_de: 'Mitglied im Ortsverein Tübingen',
  },
  {
    email: DEMO_PEOPLE.chair.email,
    password: DEMO_PASSWORD,
    role: 'Chair of the Ortsverein Tübingen',
    description_de: 'Vorsitzende des Ortsvereins Tübingen',
  },
  {
    email: DEMO_PEOPLE.regional.email,
    password: DEMO_PASSWORD,
    role: 'Staff at the Regionalzentrum Württemberg-Süd',
    description_de: 'Mitarbeiter im Regionalzentrum Württemberg-Süd',
  },
  {
    email: DEMO_PEOPLE.admin.email,
    password: DEMO_PASSWORD,
    role: 'Administrator of the Landesverband, member of the Landesvorstand and of the programme commission',
    description_de: 'Administratorin des Landesverbands, Mitglied im Landesvorstand und in der Programmkommission',
  },
];

export interface SeedOptions {
  /** Roster size; raised to 5 per Ortsverein if smaller. Default 33,000. */
  members?: number;
  /** PRNG seed; the same seed gives the same roster. Default 2020. */
  seed?: number;
  /** Progress messages. */
  log?: (msg: string) => void;
}

export interface SeedReport {
  units: number;
  members: number;
  accounts: number;
  ms: number;
}

/** Kreis-level Arbeitsgemeinschaften exist in the first Kreise only: all 44 would add ~180 empty units. */
const KREISE_WITH_AGS = 12;

/** Roles the platform grants, never a roster file. */
const PLATFORM_ROLES = new Set<string>(['rz_staff', 'lv_admin', 'programme_commission', 'moderator']);

/** Fictional office numbers, with the real area code of each Regionalzentrum's city. */
const AREA_CODES: Readonly<Record<string, string>> = {
  'RZ-STGT': '0711',
  'RZ-NBAD': '0721',
  'RZ-RN': '0621',
  'RZ-FRK': '07131',
  'RZ-SBAD': '0761',
  'RZ-WSUED': '07071',
  'RZ-BOS': '0751',
};

interface PlannedUnit extends Omit<NewUnit, 'parentId'> {
  parentCode: string | null;
}

/** Builds the demo instance on an empty, migrated database. Refuses (throws) if units already exist. */
export async function seedDemo(db: Kysely<DB>, options: SeedOptions = {}): Promise<SeedReport> {
  const started = Date.now();
  const count = options.members ?? 33_000;
  const seed = options.seed ?? 2020;
  const log = options.log ?? (() => {});
  if (!Number.isInteger(count) || count < 1) {
    throw new ValidationError([{ path: '/members', message: 'must be a positive whole number' }]);
  }
  if (!Number.isInteger(seed)) throw new ValidationError([{ path: '/seed', message: 'must be a whole number' }]);
  if (await hasData(db)) throw new ConflictError('the demo seed needs an empty database, but units exist');

  const { units, structure } = planUnits();
  const roster = planRoster(structure, count, createRandom(seed));
  if (roster.members.length > count) {
    log(`Raised the roster to ${roster.members.length} members so every Ortsverein has at least 5.`);
  }
  // Hashing is deliberately slow; do it once, outside the transaction.
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  await db.transaction().execute(async (trx) => {
    // Checked again inside the transaction, so two seeders racing cannot both pass.
    if (await hasData(trx)) throw new ConflictError('the demo seed needs an empty database, but units exist');
    const now = nowMs();

    log(`Creating ${units.length} units…`);
    const unitIds = new Map<string, number>();
    for (const { parentCode, ...unit } of units) {
      const parentId = parentCode === null ? null : unitIds.get(parentCode)!;
      unitIds.set(unit.code, await insertUnit(trx, { ...unit, parentId }));
    }

    log(`Creating ${roster.members.length} members…`);
    const idByNumber = await insertMembers(
      trx,
      roster.members.map((m) => ({ ...m, unitId: unitIds.get(m.ortsverein)! })),
      now,
    );
    const memberId = (index: number) => idByNumber.get(roster.members[index]!.memberNumber)!;

    log(`Adding ${roster.memberships.length} AG and Gremium memberships and ${roster.roles.length} roles…`);
    for (const chunk of chunks(roster.memberships)) {
      await trx
        .insertInto('member_units')
        .values(chunk.map((m) => ({ member_id: memberId(m.member), unit_id: unitIds.get(m.unit)! })))
        .execute();
    }
    for (const chunk of chunks(roster.roles)) {
      await trx
        .insertInto('member_roles')
        .values(
          chunk.map((r) => ({
            member_id: memberId(r.member),
            unit_id: unitIds.get(r.unit)!,
            role: r.role,
            // Party functions come from the roster; platform roles are granted in the app, so a
            // roster file can never make anyone an administrator.
            source: PLATFORM_ROLES.has(r.role) ? ('app' as const) : ('roster' as const),
            created_at: now,
          })),
        )
        .execute();
    }

    await trx
      .insertInto('accounts')
      .values(
        Object.values(roster.demo).map((index) => ({
          member_id: memberId(index),
          email: roster.members[index]!.email.toLowerCase(),
          password_hash: passwordHash,
          locale: 'de' as const,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();

    log('Creating the programme process…');
    const demoIndexes = new Set(Object.values(roster.demo));
    await seedDemoProgramme(trx, {
      landesverbandId: unitIds.get(LANDESVERBAND.code)!,
      adminMemberId: memberId(roster.demo.admin),
      memberIds: roster.members
        .map((_, index) => index)
        .filter((index) => !demoIndexes.has(index))
        .slice(0, 40)
        .map(memberId),
    });
  });

  const report = {
    units: units.length,
    members: roster.members.length,
    accounts: Object.keys(roster.demo).length,
    ms: Date.now() - started,
  };
  log(`Demo instance ready in ${report.ms} ms.`);
  return report;
}

/** Whether the database has any unit (so `start --demo` seeds only on first run). */
export async function hasData(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('units').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The unit tree, parents before children, and the codes the roster needs. */
function planUnits(): { units: PlannedUnit[]; structure: RosterStructure } {
  const lv = LANDESVERBAND.code;
  const units: PlannedUnit[] = [{ type: 'landesverband', name: LANDESVERBAND.name, code: lv, parentCode: null }];
  const ortsvereine: RosterOrtsverein[] = [];
  const places = new Map<string, string>();
  const kreisAgs = new Set<string>();
  const kreisAgCode = (agCode: string, kreisCode: string) => `${agCode}-${kreisCode.replace(/^KV-/, '')}`;
  const kreisAgTypes = ARBEITSGEMEINSCHAFTEN.filter((ag) => ag.atKreisLevel);
  let kreisIndex = 0;

  for (const rz of REGIONALZENTREN) {
    const slug = foldForSearch(rz.name.replace(/^Regionalzentrum /, '')).replace(/\s+/g, '-');
    units.push({
      type: 'regionalzentrum',
      name: rz.name,
      code: rz.code,
      parentCode: lv,
      contact: {
        street: rz.street,
        postcode: rz.postcode,
        city: rz.city,
        phone: `${AREA_CODES[rz.code] ?? '0711'} 000000-0`,
        email: `rz-${slug}@demo.rotes-netz.de`,
      },
    });
    for (const kreis of rz.kreise) {
      units.push({ type: 'kreisverband', name: kreis.name, code: kreis.code, parentCode: rz.code });
      // Names repeat across Kreise (there are two Mühlhausens), so codes number the Ortsvereine per Kreis.
      kreis.ortsvereine.forEach((place, rank) => {
        const code = `OV-${kreis.code.replace(/^KV-/, '')}-${String(rank + 1).padStart(3, '0')}`;
        units.push({ type: 'ortsverein', name: `SPD Ortsverein ${place}`, code, parentCode: kreis.code });
        ortsvereine.push({ code, kreisCode: kreis.code, regionCode: rz.code, rank });
        places.set(code, place);
      });
      if (kreisIndex++ < KREISE_WITH_AGS) {
        const place = kreis.name.replace(/^SPD Kreisverband /, '');
        for (const ag of kreisAgTypes) {
          const code = kreisAgCode(ag.code, kreis.code);
          units.push({
            type: 'arbeitsgemeinschaft',
            name: `${shortName(ag.name)} ${place}`,
            code,
            parentCode: kreis.code,
          });
          kreisAgs.add(code);
        }
      }
    }
  }
  for (const ag of ARBEITSGEMEINSCHAFTEN) {
    units.push({
      type: 'arbeitsgemeinschaft',
      name: `${shortName(ag.name)} Baden-Württemberg`,
      code: ag.code,
      parentCode: lv,
    });
  }
  for (const gremium of GREMIEN) {
    units.push({ type: 'gremium', name: gremium.name, code: gremium.code, parentCode: lv });
  }

  // The Ortsverein Tübingen if the data still has one, else the first of the Kreis Tübingen.
  const member =
    ortsvereine.find((ov) => places.get(ov.code) === 'Tübingen') ??
    ortsvereine.find((ov) => ov.kreisCode === 'KV-TUE')!;
  // The RZ colleague lives elsewhere in the same region: the first Ortsverein of another Kreis.
  const regional = ortsvereine.find((ov) => ov.regionCode === member.regionCode && ov.kreisCode !== member.kreisCode);
  return {
    units,
    structure: {
      landesverband: lv,
      ortsvereine,
      // ASF is left out: the name lists carry no gender, and a random ASF would look odd.
      openAgs: ARBEITSGEMEINSCHAFTEN.map((ag) => ag.code).filter(
        (code) => !['AG-JUSOS', 'AG-60PLUS', 'AG-ASF'].includes(code),
      ),
      jusos: 'AG-JUSOS',
      sixtyPlus: 'AG-60PLUS',
      landesvorstand: 'GR-LAVO',
      programmkommission: 'GR-PROKO',
      kreisAg: (agCode, kreisCode) => {
        const code = kreisAgCode(agCode, kreisCode);
        return kreisAgs.has(code) ? code : undefined;
      },
      demoOrtsvereine: {
        member: member.code,
        regional: (regional ?? member).code,
        admin: ortsvereine[0]!.code,
      },
    },
  };
}

/** "Jusos – Jungsozialistinnen und …" → "Jusos": the part people say. */
function shortName(agName: string): string {
  return agName.split(' – ')[0]!;
}
