/**
 * The fictional roster of the demo instance, planned in memory before anything touches the
 * database: who belongs to which Ortsverein, who joined which Arbeitsgemeinschaft and who holds
 * which office. Everything is drawn from one seeded PRNG stream in a fixed order, so the same seed
 * gives the same roster on every machine and in every database.
 */
import type { Role } from '@rotes-netz/shared';
import { FIRST_NAMES, LAST_NAMES } from './bw-structure.ts';

/** A pseudo-random source returning floats in [0, 1). */
export type Random = () => number;

/** mulberry32: a few lines, fast, and — unlike `Math.random` — reproducible from a seed. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Smallest Ortsverein: enough for a chair, a deputy, a treasurer and two plain members. */
export const MIN_MEMBERS_PER_ORTSVEREIN = 5;

/**
 * Ages are counted on this fixed day rather than today, so that who may join the Jusos (under 35)
 * or AG 60 plus (60 and over) does not change with the day the seed runs.
 */
export const AGE_REFERENCE_DATE = '2026-01-01';

/** The four people behind the demo accounts; they take the place of four generated members. */
export type DemoPerson = 'member' | 'chair' | 'regional' | 'admin';

export const DEMO_PEOPLE: Readonly<
  Record<DemoPerson, { firstName: string; lastName: string; email: string; birthDate: string }>
> = {
  member: { firstName: 'Mia', lastName: 'Mitglied', email: 'mitglied@demo.rotes-netz.de', birthDate: '2001-05-14' },
  chair: { firstName: 'Vera', lastName: 'Vorsitz', email: 'vorsitz@demo.rotes-netz.de', birthDate: '1972-09-03' },
  regional: {
    firstName: 'Rolf',
    lastName: 'Regional',
    email: 'regionalzentrum@demo.rotes-netz.de',
    birthDate: '1968-02-21',
  },
  admin: { firstName: 'Anna', lastName: 'Admin', email: 'admin@demo.rotes-netz.de', birthDate: '1979-11-30' },
};

export interface RosterOrtsverein {
  code: string;
  kreisCode: string;
  regionCode: string;
  /** Position in its Kreis's list, which names the Kreisstadt or largest towns first. */
  rank: number;
}

/** The unit codes the roster refers to; the seeder decides them when it plans the tree. */
export interface RosterStructure {
  landesverband: string;
  ortsvereine: readonly RosterOrtsverein[];
  /** Land-level Arbeitsgemeinschaften open to anyone (Jusos and AG 60 plus go by age instead). */
  openAgs: readonly string[];
  jusos: string;
  sixtyPlus: string;
  landesvorstand: string;
  programmkommission: string;
  /** The Kreis-level branch of a Land-level AG, where the seeder created one. */
  kreisAg(agCode: string, kreisCode: string): string | undefined;
  /** The Ortsvereine of the demo people; the chair shares the member's. */
  demoOrtsvereine: Readonly<Record<Exclude<DemoPerson, 'chair'>, string>>;
}

export interface PlannedMember {
  memberNumber: string;
  firstName: string;
  lastName: string;
  email: string;
  birthDate: string;
  /** Code of the member's Ortsverein. */
  ortsverein: string;
}

export interface Roster {
  members: PlannedMember[];
  /** AG and Gremium memberships, by index into `members`. */
  memberships: { member: number; unit: string }[];
  roles: { member: number; unit: string; role: Role }[];
  /** Where the demo people stand in `members`. */
  demo: Record<DemoPerson, number>;
}

/**
 * Plans `count` members (at least {@link MIN_MEMBERS_PER_ORTSVEREIN} per Ortsverein) with their
 * AG memberships and roster roles.
 */
export function planRoster(structure: RosterStructure, count: number, random: Random): Roster {
  const ovs = structure.ortsvereine;
  const sizes = ortsvereinSizes(ovs, Math.max(count, ovs.length * MIN_MEMBERS_PER_ORTSVEREIN), random);
  // Member numbers are handed out over the years regardless of place, so interleave the Ortsvereine.
  const slots = shuffle(
    sizes.flatMap((size, ov) => Array<number>(size).fill(ov)),
    random,
  );
  let number = 10_000_000;
  const members = slots.map((ov, i): PlannedMember => {
    number += 1 + Math.floor(random() * 7);
    const firstName = pick(FIRST_NAMES, random());
    // Last names are listed most common first; favour the front as a real roster would.
    const lastName = pick(LAST_NAMES, random() ** 1.6);
    return {
      memberNumber: String(number),
      firstName,
      lastName,
      email: `${emailPart(firstName)}.${emailPart(lastName)}.${i + 1}@example.org`,
      birthDate: birthDate(random),
      ortsverein: ovs[ov]!.code,
    };
  });

  const demo = placeDemoPeople(members, structure);
  const reserved = new Set(Object.values(demo));
  const byOv = new Map<string, number[]>();
  members.forEach((m, i) => {
    if (!byOv.has(m.ortsverein)) byOv.set(m.ortsverein, []);
    byOv.get(m.ortsverein)!.push(i);
  });
  const eligible = (indexes: readonly number[]) => indexes.filter((i) => !reserved.has(i));

  const roles: Roster['roles'] = [];
  for (const ov of ovs) {
    const [first, deputy, treasurer] = sample(eligible(byOv.get(ov.code)!), 3, random);
    const chair = ov.code === structure.demoOrtsvereine.member ? demo.chair : first!;
    roles.push(
      { member: chair, unit: ov.code, role: 'chair' },
      { member: deputy!, unit: ov.code, role: 'deputy_chair' },
      { member: treasurer!, unit: ov.code, role: 'treasurer' },
    );
  }
  for (const [kreis, indexes] of groupBy(ovs, (ov) => ov.kreisCode, byOv)) {
    roles.push({ member: sample(eligible(indexes), 1, random)[0]!, unit: kreis, role: 'chair' });
  }
  const demoRegion = ovs.find((ov) => ov.code === structure.demoOrtsvereine.member)!.regionCode;
  for (const [region, indexes] of groupBy(ovs, (ov) => ov.regionCode, byOv)) {
    const staff =
      region === demoRegion
        ? [demo.regional, ...sample(eligible(indexes), 1, random)]
        : sample(eligible(indexes), 2, random);
    for (const member of staff) roles.push({ member, unit: region, role: 'rz_staff' });
  }
  const everyone = eligible(members.map((_, i) => i));
  for (const member of [demo.admin, ...sample(everyone, 2, random)]) {
    roles.push({ member, unit: structure.landesverband, role: 'lv_admin' });
  }
  // The demo admin sits on the programme commission too, so one account shows its workspace.
  const commission = [demo.admin, ...sample(everyone, 11, random)];
  for (const member of commission) {
    roles.push({ member, unit: structure.programmkommission, role: 'programme_commission' });
  }

  return { members, memberships: planMemberships(members, structure, demo, commission, random), roles, demo };
}

function planMemberships(
  members: readonly PlannedMember[],
  structure: RosterStructure,
  demo: Record<DemoPerson, number>,
  commission: readonly number[],
  random: Random,
): Roster['memberships'] {
  const kreisOf = new Map(structure.ortsvereine.map((ov) => [ov.code, ov.kreisCode]));
  const seen = new Set<string>();
  const memberships: Roster['memberships'] = [];
  const join = (member: number, ag: string, withKreis: boolean) => {
    const kreisAg = withKreis ? structure.kreisAg(ag, kreisOf.get(members[member]!.ortsverein)!) : undefined;
    for (const unit of kreisAg ? [ag, kreisAg] : [ag]) {
      if (seen.has(`${member}/${unit}`)) continue;
      seen.add(`${member}/${unit}`);
      memberships.push({ member, unit });
    }
  };
  members.forEach((m, i) => {
    const age = ageOn(m.birthDate, AGE_REFERENCE_DATE);
    // Draw the same four numbers for everyone so one member's age does not shift everyone after them.
    const [young, old, other, which] = [random(), random(), random(), random()];
    if (age < 35 && young < 0.08) join(i, structure.jusos, true);
    if (age >= 60 && old < 0.04) join(i, structure.sixtyPlus, true);
    if (other < 0.03) join(i, pick(structure.openAgs, which), true);
  });
  join(demo.member, structure.jusos, true);
  join(demo.admin, structure.landesvorstand, false);
  for (const member of commission) join(member, structure.programmkommission, false);
  return memberships;
}

/** Gives every Ortsverein the minimum and shares the rest by weight (largest remainder). */
function ortsvereinSizes(ovs: readonly RosterOrtsverein[], total: number, random: Random): number[] {
  const weights = ovs.map((ov) => (0.6 + 0.8 * random()) * (ov.rank === 0 ? 3 : ov.rank < 3 ? 1.7 : 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  const extra = total - ovs.length * MIN_MEMBERS_PER_ORTSVEREIN;
  const quotas = weights.map((w) => (extra * w) / sum);
  const sizes = quotas.map((q) => MIN_MEMBERS_PER_ORTSVEREIN + Math.floor(q));
  let left = total - sizes.reduce((a, b) => a + b, 0);
  const byRemainder = quotas.map((q, i) => ({ i, r: q - Math.floor(q) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left-- <= 0) break;
    sizes[i]! += 1;
  }
  return sizes;
}

/** Turns the first generated members of the chosen Ortsvereine into the demo people. */
function placeDemoPeople(members: PlannedMember[], structure: RosterStructure): Record<DemoPerson, number> {
  const taken = new Set<number>();
  const claim = (person: DemoPerson, ov: string): number => {
    const index = members.findIndex((m, i) => m.ortsverein === ov && !taken.has(i));
    taken.add(index);
    members[index] = { ...members[index]!, ...DEMO_PEOPLE[person] };
    return index;
  };
  const ovs = structure.demoOrtsvereine;
  return {
    member: claim('member', ovs.member),
    chair: claim('chair', ovs.member),
    regional: claim('regional', ovs.regional),
    admin: claim('admin', ovs.admin),
  };
}

/** Member indexes by a grouping of Ortsvereine, groups in first-seen order. */
function groupBy(
  ovs: readonly RosterOrtsverein[],
  key: (ov: RosterOrtsverein) => string,
  byOv: ReadonlyMap<string, number[]>,
): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const ov of ovs) {
    if (!groups.has(key(ov))) groups.set(key(ov), []);
    groups.get(key(ov))!.push(...byOv.get(ov.code)!);
  }
  return groups;
}

/**
 * A birth date between 1935 and 2008, skewed old like the party: half the members are 60 or
 * over, under a fifth are younger than 35.
 */
function birthDate(random: Random): string {
  const band = random();
  const spread = random();
  const year =
    band < 0.5
      ? 1935 + Math.floor(((spread + random()) / 2) * 31) // peak around 1950
      : band < 0.82
        ? 1966 + Math.floor(spread * 25)
        : 1991 + Math.floor(spread * 18);
  const days = year % 4 === 0 ? 366 : 365;
  return new Date(Date.UTC(year, 0, 1 + Math.floor(random() * days))).toISOString().slice(0, 10);
}

function ageOn(birth: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birth.slice(0, 4));
  return birth.slice(5) > day.slice(5) ? years - 1 : years;
}

/** Lower-case ASCII for an email address: umlauts spelled out, other accents dropped. */
export function emailPart(name: string): string {
  return name
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .replaceAll('ı', 'i')
    .replaceAll('ł', 'l')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, '-')
    .replace(/[^a-z0-9-]/g, '');
}

function pick<T>(items: readonly T[], r: number): T {
  return items[Math.floor(r * items.length)]!;
}

/** Fisher–Yates, in place. */
function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** `n` distinct items, drawn without replacement by a partial Fisher–Yates on a copy. */
function sample<T>(items: readonly T[], n: number, random: Random): T[] {
  const copy = [...items];
  const count = Math.min(n, copy.length);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, count);
}
