/**
 * Markdown for posts, threads, ideas and events: markdown-it with `html: false`, so no raw HTML
 * ever passes. (Stub; the attachments/markdown module hardens it: link checks, mentions.)
 *
 * Mentions: a person is written `@[Display Name](m:123)` (the composer inserts it), a role as
 * `@vorstand` (board of the room's unit) or `@moderation`.
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

/** HTML safe to insert into the app, mails and notifications. */
export function renderMarkdown(source: string): string {
  return md.render(source);
}

export interface Mentions {
  memberIds: number[];
  roles: ('vorstand' | 'moderation')[];
}

/** The people and roles a text mentions. */
export function extractMentions(source: string): Mentions {
  const memberIds = [...source.matchAll(/@\[[^\]\n]{1,100}\]\(m:(\d{1,15})\)/g)].map((m) => Number(m[1]));
  const roles = [...source.matchAll(/(?:^|[^\w@])@(vorstand|moderation)\b/gi)].map(
    (m) => m[1]!.toLowerCase() as 'vorstand' | 'moderation',
  );
  return { memberIds: [...new Set(memberIds)], roles: [...new Set(roles)] };
}
