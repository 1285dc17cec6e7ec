/** Locale-aware formatting of dates for display. */
export function formatDateTime(iso: string, lng: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Keeps only same-site paths so that `?next=` cannot send anyone elsewhere. */
export function safeNext(next: string | null): string {
  if (next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')) return next;
  return '/';
}

/**
 * The sign-in page that returns to exactly this place afterwards: path, query and the post
 * anchor (`#beitrag-…`), also after a second factor.
 */
export function signInPath(here: { pathname: string; search: string; hash: string }): string {
  return `/anmelden?next=${encodeURIComponent(here.pathname + here.search + here.hash)}`;
}
