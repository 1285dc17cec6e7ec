/** Roles a member holds in a unit. Most come from the roster, some are granted in the app. */
export const ROLES = [
  'chair',
  'deputy_chair',
  'board',
  'treasurer',
  'member_care',
  'moderator',
  'rz_staff',
  'lv_admin',
  'programme_commission',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles that count as the board of a unit (audience "Vorstand"). */
export const BOARD_ROLES: readonly Role[] = ['chair', 'deputy_chair', 'board', 'treasurer', 'member_care'];
