/**
 * The public share page of an event, for social media: title and time always, and only the fields
 * the organiser marked public (topic, guests, description, location). Never meeting data, never
 * registrants. Every value is escaped; the page has no script and no inline style, so it stands
 * under the app's strict Content-Security-Policy. 404 unless the event is public.
 */
import type { Kysely } from 'kysely';
import type { EventGuest, EventPublicField } from '@rotes-netz/shared';
import type { DB } from '../db/schema.ts';
import { fromJson, toBool } from '../db/database.ts';
import { NotFoundError } from '../errors.ts';
import { markdownExcerpt } from '../markdown/markdown.ts';
import { loadEvent } from './events.repository.ts';
import { formatEventTime } from './events.time.ts';
import { shareUrl } from './events.service.ts';
import { eventUrl } from './events.mails.ts';
import { SHARE_IMAGE_HEIGHT, SHARE_IMAGE_WIDTH } from './events.share-image.ts';

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface PublicEvent {
  id: number;
  title: string;
  startsAt: number;
  endsAt: number;
  cancelled: boolean;
  unitName: string;
  topic?: string;
  guests?: EventGuest[];
  /** Rendered without raw HTML. */
  descriptionHtml?: string;
  descriptionExcerpt?: string;
  location?: string;
}

/** What the share page may show, or 404. */
export async function publicEvent(db: Kysely<DB>, eventId: number): Promise<PublicEvent> {
  const record = await loadEvent(db, eventId);
  if (!record || !toBool(record.row.share_public)) throw new NotFoundError('event');
  const { row } = record;
  const fields = new Set(fromJson<EventPublicField[]>(row.share_fields));
  return {
    id: row.id,
    title: row.title,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    cancelled: row.status === 'cancelled',
    unitName: record.unit.name,
    ...(fields.has('topic') && row.topic ? { topic: row.topic } : {}),
    ...(fields.has('guests') ? { guests: fromJson<EventGuest[]>(row.guests) } : {}),
    ...(fields.has('description') && row.description
      ? { descriptionHtml: row.description_html, descriptionExcerpt: markdownExcerpt(row.description, 200) }
      : {}),
    ...(fields.has('location') ? { location: row.location ?? (toBool(row.online) ? 'Online' : '') } : {}),
  };
}

/** Where the share page's picture (a PNG, see events.share-image.ts) is served. */
export const shareImageUrl = (publicUrl: string, eventId: number): string =>
  `${shareUrl(publicUrl, eventId)}/image.png`;

/**
 * The share page as HTML, with Open Graph tags. Generated sentences avoid grammar they cannot
 * know: a guest's name may carry its own article ("Der Spitzenkandidat"), so the page lists
 * "Gäste: …" rather than building "Mit …" around it.
 */
export function renderSharePage(event: PublicEvent, site: { publicUrl: string; instanceName: string }): string {
  const when = formatEventTime(event.startsAt, 'de');
  const guests = event.guests?.length
    ? event.guests.map((g) => (g.role ? `${g.name} (${g.role})` : g.name)).join(', ')
    : undefined;
  const summary = [when, event.topic ? `Thema: ${event.topic}` : undefined, guests ? `Gäste: ${guests}` : undefined]
    .filter(Boolean)
    .join(' · ');
  const description = event.descriptionExcerpt ? `${summary} — ${event.descriptionExcerpt}` : summary;
  const url = shareUrl(site.publicUrl, event.id);
  const meta = (property: string, content: string) => `<meta property="${property}" content="${escapeHtml(content)}">`;
  const title = `${event.cancelled ? 'Abgesagt: ' : ''}${event.title}`;
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – ${escapeHtml(site.instanceName)}</title>
<meta name="description" content="${escapeHtml(description)}">
${meta('og:type', 'event')}
${meta('og:title', title)}
${meta('og:description', description)}
${meta('og:url', url)}
${meta('og:site_name', site.instanceName)}
${meta('og:locale', 'de_DE')}
${meta('og:image', shareImageUrl(site.publicUrl, event.id))}
${meta('og:image:type', 'image/png')}
${meta('og:image:width', String(SHARE_IMAGE_WIDTH))}
${meta('og:image:height', String(SHARE_IMAGE_HEIGHT))}
${meta('og:image:alt', `${title} – ${when}`)}
<meta name="twitter:card" content="summary_large_image">
<link rel="canonical" href="${escapeHtml(url)}">
</head>
<body>
<main>
<p>${escapeHtml(event.unitName)}</p>
<h1>${escapeHtml(title)}</h1>
<p><time datetime="${new Date(event.startsAt).toISOString()}">${escapeHtml(when)}</time></p>
${event.topic ? `<p>Thema: ${escapeHtml(event.topic)}</p>` : ''}
${guests ? `<p>Gäste: ${escapeHtml(guests)}</p>` : ''}
${event.location ? `<p>Ort: ${escapeHtml(event.location)}</p>` : ''}
${event.descriptionHtml ? `<section>${event.descriptionHtml}</section>` : ''}
<p><a href="${escapeHtml(eventUrl(site, event.id))}">Als Mitglied anmelden</a></p>
</main>
</body>
</html>
`;
}
