/**
 * Branding from the instance configuration: colours become CSS custom properties on <html>.
 * A configured colour may be too light for text, so a darkened "strong" variant that reaches
 * 4.5:1 on white and on the page background is derived for text, links and filled buttons.
 */
import type { Instance } from '@rotes-netz/shared';

type Rgb = [number, number, number];

const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** Parses #rgb or #rrggbb; returns null for anything else. */
export function parseHex(value: string): Rgb | null {
  const m = HEX.exec(value.trim());
  if (!m?.[1]) return null;
  const h = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;
}

export function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** WCAG relative luminance. */
export function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two colours. */
export function contrast(a: Rgb, b: Rgb): number {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (l1 + 0.05) / (l2 + 0.05);
}

/** The page background (--color-bg), the lightest surface coloured text sits on besides white. */
const PAGE_BACKGROUND: Rgb = [0xf5, 0xf5, 0xf4];

/** Darkens `color` towards black until it reaches `ratio` against white and the page background. */
export function strongOnLight(color: Rgb, ratio = 4.6): Rgb {
  let c = color;
  for (let i = 0; i < 40 && contrast(c, PAGE_BACKGROUND) < ratio; i++) {
    c = c.map((v) => v * 0.95) as Rgb;
  }
  return c;
}

const FALLBACK_PRIMARY: Rgb = [0xe3, 0x00, 0x0f];
const FALLBACK_ACCENT: Rgb = [0xb5, 0x00, 0x0c];

/** Sets --brand-primary, --brand-primary-strong, --brand-accent(-strong) and the theme colour. */
export function applyBrand(instance: Pick<Instance, 'primaryColor' | 'accentColor'>): void {
  const primary = parseHex(instance.primaryColor) ?? FALLBACK_PRIMARY;
  const accent = parseHex(instance.accentColor) ?? FALLBACK_ACCENT;
  const root = document.documentElement.style;
  root.setProperty('--brand-primary', toHex(primary));
  root.setProperty('--brand-primary-strong', toHex(strongOnLight(primary)));
  root.setProperty('--brand-accent', toHex(accent));
  root.setProperty('--brand-accent-strong', toHex(strongOnLight(accent)));
  document.querySelector('meta[name="theme-color"]')?.setAttribute('content', toHex(primary));
}
