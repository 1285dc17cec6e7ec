/**
 * The check that rendered Markdown is inert, shared by the Markdown and the stored-XSS tests:
 * every `<` opens an allowed tag with allowed, double-quoted attributes, and links go to
 * http(s)/mailto only. (markdown-it escapes `<` in text, so any other `<` would be HTML.)
 */
import { expect } from 'vitest';

export const ALLOWED_TAGS: Record<string, string[]> = {
  p: [],
  br: [],
  hr: [],
  strong: [],
  em: [],
  s: [],
  code: ['class'],
  pre: [],
  blockquote: [],
  ul: [],
  ol: ['start'],
  li: [],
  h1: [],
  h2: [],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  table: [],
  thead: [],
  tbody: [],
  tr: [],
  th: ['style'],
  td: ['style'],
  a: ['href', 'rel', 'target', 'class'],
  span: ['class', 'data-member-id', 'data-role'],
};

export function assertInert(html: string, input: string): void {
  const context = `input ${JSON.stringify(input)} gave ${html}`;
  expect(html, context).not.toMatch(/<script|<img|<iframe|<svg|<style|<object|<embed/i);
  let at = html.indexOf('<');
  while (at !== -1) {
    const tag = /^<(\/?)([a-z0-9]+)((?:\s+[a-z-]+="[^"<>]*")*)\s*\/?>/.exec(html.slice(at));
    expect(tag, `${context} (at ${at})`).not.toBeNull();
    const [whole, closing, name, attributes] = tag!;
    expect(Object.keys(ALLOWED_TAGS), context).toContain(name);
    if (!closing) {
      for (const [, attr, value] of attributes!.matchAll(/\s+([a-z-]+)="([^"]*)"/g)) {
        expect(ALLOWED_TAGS[name!], `${context}: attribute ${attr} on ${name}`).toContain(attr);
        if (attr === 'href') expect(value, context).toMatch(/^(https?:\/\/|mailto:)/i);
        if (attr === 'style') expect(value, context).toMatch(/^text-align:(left|right|center)$/);
      }
    }
    at = html.indexOf('<', at + whole.length);
  }
}
