/**
 * Operation ids for client generators, derived from method and path in one place, so route
 * files need not carry them: `verbNoun`, stable as long as the path is. A path segment before a
 * parameter names one thing (`rooms/{id}` → Room); a plural at the end names the list.
 *
 *   GET    /api/v1/rooms/{id}/threads          listRoomThreads
 *   POST   /api/v1/rooms/{id}/threads          createRoomThread
 *   GET    /api/v1/units/{id}                  getUnit
 *   PATCH  /api/v1/units/{id}                  updateUnit
 *   POST   /api/v1/threads/{id}/read           readThread      (an action at the end is the verb)
 *   DELETE /api/v1/me/sessions/{id}            deleteMeSession
 *
 * A route may still set `operationId` in its schema; that one is kept.
 */
const isParam = (segment: string) => segment.startsWith('{') || segment.startsWith(':');
/** Words ending in s that are not plurals, and plurals that are not word + s. */
const SINGULAR: Record<string, string> = { series: 'series', status: 'status', processes: 'process' };
/** The last word of a kebab-case segment (`event-series` → `series`). */
const lastWord = (segment: string) => segment.slice(segment.lastIndexOf('-') + 1);
const isPlural = (segment: string) =>
  !segment.includes('.') && SINGULAR[lastWord(segment)] !== lastWord(segment) && /[^su]s$/.test(segment);
const singular = (segment: string) => {
  const word = lastWord(segment);
  const one = SINGULAR[word] ?? (word.endsWith('ies') ? `${word.slice(0, -3)}y` : word.replace(/([^su])s$/, '$1'));
  return segment.slice(0, segment.length - word.length) + one;
};

/** Where the rule gives no clear verb. */
const NAMED: Record<string, string> = {
  'POST /api/v1/registration': 'registerMember',
  'POST /api/v1/auth/password-reset': 'requestPasswordReset',
  'POST /api/v1/auth/password-reset/complete': 'completePasswordReset',
  'POST /api/v1/me/password': 'changePassword',
  'POST /api/v1/me/email': 'changeEmail',
  'POST /api/v1/me/data-export': 'requestDataExport',
  'POST /api/v1/me/calendar-feed': 'createCalendarFeed',
  'POST /api/v1/events/{id}/registration': 'registerForEvent',
  'POST /api/v1/auth/sign-in': 'signIn',
  'POST /api/v1/auth/sign-out': 'signOut',
  'POST /api/v1/admin/mails/test': 'sendTestMail',
  'POST /api/v1/units/{id}/event-series': 'createUnitEventSeries',
  'GET /api/v1/units/{id}/event-series': 'listUnitEventSeries',
  'GET /api/v1/auth/oidc/start': 'startPartyAccountSignIn',
  'GET /api/v1/auth/oidc/callback': 'finishPartyAccountSignIn',
};
const pascal = (word: string) =>
  word
    .split(/[-_.]/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');

export function operationIdOf(method: string, path: string): string {
  const named = NAMED[`${method.toUpperCase()} ${path}`];
  if (named) return named;
  const segments = path
    .replace(/^\/api\/v1\//, '/')
    .split('/')
    .filter(Boolean);
  const nouns: string[] = [];
  segments.forEach((segment, i) => {
    if (isParam(segment)) return;
    const next = segments[i + 1];
    nouns.push(pascal(next !== undefined && isParam(next) ? singular(segment) : segment));
  });
  const last = segments.at(-1) ?? '';
  const endsInList = !isParam(last) && isPlural(last);
  switch (method.toLowerCase()) {
    case 'get':
      return `${endsInList ? 'list' : 'get'}${nouns.join('')}`;
    case 'post':
      if (endsInList) return `create${nouns.slice(0, -1).join('')}${pascal(singular(last))}`;
      if (isParam(last) || nouns.length === 0) return `post${nouns.join('')}`;
      // The last word is an action (sign-in, lock, publish): it is the verb.
      return `${pascal(last).replace(/^./, (c) => c.toLowerCase())}${nouns.slice(0, -1).join('')}`;
    case 'put':
      return `set${nouns.join('')}`;
    case 'patch':
      return `update${nouns.join('')}`;
    case 'delete':
      return `delete${nouns.join('')}`;
    default:
      return `${method.toLowerCase()}${nouns.join('')}`;
  }
}

/** Gives every operation of the document without one its derived `operationId`. */
export function withOperationIds<T extends { paths?: object | undefined }>(document: T): T {
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, Record<string, unknown>>)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const op = operation as { operationId?: string };
      op.operationId ??= operationIdOf(method, path);
    }
  }
  return document;
}
