/**
 * The party's structure. Landesverband → Regionalzentrum → Kreisverband → Ortsverein; beside the
 * tree, Arbeitsgemeinschaften (at Land and Kreis level) and Gremien.
 */
export const UNIT_TYPES = [
  'landesverband',
  'regionalzentrum',
  'kreisverband',
  'ortsverein',
  'arbeitsgemeinschaft',
  'gremium',
] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

/** Which unit types may stand directly below which. */
export const ALLOWED_PARENTS: Record<UnitType, readonly (UnitType | null)[]> = {
  landesverband: [null],
  regionalzentrum: ['landesverband'],
  kreisverband: ['regionalzentrum', 'landesverband'],
  ortsverein: ['kreisverband'],
  arbeitsgemeinschaft: ['landesverband', 'kreisverband'],
  gremium: ['landesverband', 'kreisverband'],
};
