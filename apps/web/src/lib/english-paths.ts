/**
 * The pages have German addresses; people who type or paste an obvious English one (`/login`,
 * `/rooms/5/threads/7`) are sent to the German page instead of "not found".
 */

/** First segments, with the German path they stand for. */
export const ENGLISH_FIRST_SEGMENTS: Record<string, string> = {
  login: 'anmelden',
  signin: 'anmelden',
  'sign-in': 'anmelden',
  register: 'registrieren',
  signup: 'registrieren',
  'sign-up': 'registrieren',
  'forgot-password': 'passwort-vergessen',
  'reset-password': 'passwort-zuruecksetzen',
  invitation: 'einladung',
  invite: 'einladen',
  rooms: 'raeume',
  events: 'termine',
  calendar: 'termine',
  'my-events': 'meine-termine',
  'regional-centre': 'regionalzentrum',
  'regional-center': 'regionalzentrum',
  programme: 'programm',
  program: 'programm',
  structure: 'struktur',
  units: 'struktur',
  notifications: 'benachrichtigungen',
  members: 'mitglieder',
  account: 'konto',
  settings: 'konto/profil',
  profile: 'konto/profil',
  security: 'konto/sicherheit',
};

/** Later segments. */
const LATER_SEGMENTS: Record<string, string> = {
  threads: 'themen',
  settings: 'einstellungen',
  new: 'neu',
  edit: 'bearbeiten',
  series: 'reihen',
  ideas: 'ideen',
  draft: 'entwurf',
  amendments: 'antraege',
  commission: 'kommission',
  roles: 'rollen',
  profile: 'profil',
  security: 'sicherheit',
  password: 'passwort',
  email: 'e-mail',
  data: 'daten',
  confirm: 'bestaetigen',
  roster: 'mitgliederliste',
  members: 'mitglieder',
  structure: 'struktur',
  audit: 'protokoll',
};

/**
 * The German path for an English one (`/rooms/5/threads/7` → `/raeume/5/themen/7`), or null
 * when nothing in it is English (so an unknown path stays "not found" instead of looping).
 */
export function germanPath(pathname: string): string | null {
  const [first = '', ...rest] = pathname.split('/').filter(Boolean);
  const head = ENGLISH_FIRST_SEGMENTS[first.toLowerCase()] ?? first;
  const tail = rest.map((segment) => LATER_SEGMENTS[segment.toLowerCase()] ?? segment);
  // The account has no page of its own: `/account` alone means its first page, the profile.
  const german = tail.length === 0 && head === 'konto' ? '/konto/profil' : `/${[head, ...tail].join('/')}`;
  return german === `/${[first, ...rest].join('/')}` ? null : german;
}
