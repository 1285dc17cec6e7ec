/**
 * The picture of an event's share page (`og:image`): a PNG of 1200×630, the size the big
 * networks show large, in the brand's colours with the event's title, time and organiser. Drawn
 * as an SVG template and rasterised with sharp (networks ignore SVG images). Every value is
 * escaped into the SVG. Images are kept in memory by their content, so an edited event gets a new
 * picture and an unchanged one is not drawn twice.
 */
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { PublicEvent } from './events.share.ts';
import { formatEventTime } from './events.time.ts';

export const SHARE_IMAGE_WIDTH = 1200;
export const SHARE_IMAGE_HEIGHT = 630;

export interface ShareImageBrand {
  instanceName: string;
  /** `#rrggbb`, as the configuration checks it. */
  primaryColor: string;
  accentColor: string;
}

type ImageEvent = Pick<PublicEvent, 'title' | 'startsAt' | 'cancelled' | 'unitName'>;

const escapeXml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

const HEX = /^#[0-9a-fA-F]{6}$/;
const colour = (value: string, fallback: string) => (HEX.test(value) ? value : fallback);

/**
 * Breaks text into at most `maxLines` lines of about `width` characters, at spaces where it can;
 * what does not fit ends in "…".
 */
export function wrapLines(text: string, width: number, maxLines: number): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (let word of words) {
    while (word.length > width) {
      // A word longer than a line (a long compound) is cut.
      if (line) lines.push(line);
      lines.push(word.slice(0, width - 1) + '-');
      word = word.slice(width - 1);
      line = '';
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1]!;
  kept[maxLines - 1] = `${last.length >= width ? last.slice(0, width - 1) : last}…`;
  return kept;
}

/** The SVG template of the picture. */
export function shareImageSvg(event: ImageEvent, brand: ShareImageBrand): string {
  const primary = colour(brand.primaryColor, '#E3000F');
  const accent = colour(brand.accentColor, '#B5000C');
  const title = wrapLines(event.title, 26, 3);
  const titleSize = title.length > 2 ? 60 : 68;
  const titleTop = event.cancelled ? 240 : 200;
  const when = formatEventTime(event.startsAt, 'de');
  const font = `font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif"`;
  const lines = title
    .map(
      (line, i) =>
        `<text x="80" y="${Math.round(titleTop + i * titleSize * 1.2)}" font-size="${titleSize}" font-weight="700" fill="#ffffff" ${font}>${escapeXml(line)}</text>`,
    )
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SHARE_IMAGE_WIDTH}" height="${SHARE_IMAGE_HEIGHT}" viewBox="0 0 ${SHARE_IMAGE_WIDTH} ${SHARE_IMAGE_HEIGHT}">
<rect width="1200" height="630" fill="${primary}"/>
<rect y="540" width="1200" height="90" fill="${accent}"/>
<text x="80" y="96" font-size="30" font-weight="700" fill="#ffffff" ${font}>${escapeXml(wrapLines(event.unitName, 60, 1)[0] ?? '')}</text>
${event.cancelled ? `<text x="80" y="156" font-size="34" font-weight="700" fill="#ffffff" ${font}>ABGESAGT</text>` : ''}
${lines}
<text x="80" y="480" font-size="34" fill="#ffffff" ${font}>${escapeXml(wrapLines(when, 60, 1)[0] ?? '')}</text>
<text x="80" y="598" font-size="30" font-weight="700" fill="#ffffff" ${font}>${escapeXml(wrapLines(brand.instanceName, 60, 1)[0] ?? '')}</text>
</svg>`;
}

const CACHE_MAX = 200;
const cache = new Map<string, Promise<Buffer>>();

/** The PNG of an event's share picture, drawn once per content (a small in-memory cache). */
export function renderShareImage(event: ImageEvent, brand: ShareImageBrand): Promise<Buffer> {
  const svg = shareImageSvg(event, brand);
  const key = createHash('sha256').update(svg).digest('base64url');
  const cached = cache.get(key);
  if (cached) {
    // Most recently used last, so the oldest goes first.
    cache.delete(key);
    cache.set(key, cached);
    return cached;
  }
  const png = sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();
  cache.set(key, png);
  png.catch(() => cache.delete(key));
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
  return png;
}
