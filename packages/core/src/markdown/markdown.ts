/**
 * Markdown for posts, threads, ideas and events, rendered once and shown in the app, in mails and
 * in notifications. Safety rests on three rules, each enforced here and nowhere else:
 *
 * - no raw HTML: markdown-it runs with `html: false`, so `<script>` arrives as text;
 * - links only to `http:`, `https:` and `mailto:` (anything else — `javascript:`, `data:`,
 *   `vbscript:`, relative paths — stays visible as text), each with
 *   `rel="nofollow noopener noreferrer ugc"` and `target="_blank"`;
 * - nothing is loaded from elsewhere: an image `![alt](url)` becomes a link to the image, so
 *   reading a post never makes a request to a third party.
 *
 * Mentions: a person is written `@[Display Name](m:123)` (the composer inserts it), a role as
 * `@vorstand` (board of the room's unit) or `@moderation`. Both render as
 * `<span class="mention" …>`; the mentioned people are found with {@link extractMentions}.
 */
import MarkdownIt, { type StateInline, type Token } from 'markdown-it';

/** The roles that can be mentioned: the board of the room's unit, and its moderators. */
export const ROLE_MENTIONS = ['vorstand', 'moderation'] as const;
export type RoleMention = (typeof ROLE_MENTIONS)[number];

/** `@[Display Name](m:123)` at the start of the text. */
const PERSON_MENTION = /^@\[([^\]\n]{1,100})\]\(m:(\d{1,15})\)/;
/** `@vorstand` / `@moderation` at the start of the text, not followed by more of a word. */
const ROLE_MENTION = /^@(vorstand|moderation)(?![\p{L}\p{N}_-])/iu;
const REL = 'nofollow noopener noreferrer ugc';
const ALLOWED_LINK = /^(https?:\/\/|mailto:)/i;

export interface RenderOptions {
  /**
   * Current display names by member id. When given, a person mention shows the member's real name
   * instead of the one written in the text (which the author could have changed by hand).
   */
  memberNames?: ReadonlyMap<number, string>;
}

type MentionMeta = {
  memberId?: number;
  role?: RoleMention;
  name: string;
};

const mentionOf = (token: Token): MentionMeta => token.meta as unknown as MentionMeta;

/** The inline rule that turns mentions into `mention` tokens (before links, so `@[…](m:1)` is not a link). */
function mentionRule(state: StateInline, silent: boolean): boolean {
  const start = state.pos;
  if (state.src.charCodeAt(start) !== 0x40 /* @ */) return false;
  const ahead = state.src.slice(start, start + 130);
  const person = PERSON_MENTION.exec(ahead);
  const previous = start > 0 ? state.src[start - 1]! : ' ';
  const role = person ? null : /[\p{L}\p{N}_@.]/u.test(previous) ? null : ROLE_MENTION.exec(ahead);
  const match = person ?? role;
  if (!match) return false;
  if (!silent) {
    const token = state.push('mention', '', 0);
    const meta: MentionMeta = person
      ? { memberId: Number(person[2]), name: person[1]!.trim() }
      : { role: role![1]!.toLowerCase() as RoleMention, name: role![1]!.toLowerCase() };
    token.meta = meta;
    token.content = match[0];
  }
  state.pos += match[0].length;
  return true;
}

function createRenderer() {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });
  const escape = md.utils.escapeHtml;
  // `www.spd-bw.de` and `spd.de` become links too (markdown-it 15 only links `https://…` by default).
  md.linkify.set({ fuzzyLink: true });

  // Every link, whether written, autolinked or linkified, passes this check; a refused link
  // stays in the text as it was written (escaped).
  md.validateLink = (url: string) => ALLOWED_LINK.test(url.trim());
  md.inline.ruler.before('link', 'mention', mentionRule);
  // `[x]()` has an empty destination, which markdown-it accepts without asking validateLink:
  // such a link keeps its label and loses the link. Images inside a link are marked, as they
  // cannot become links themselves (no link inside a link).
  md.core.ruler.push('unsafe_links', (state) => {
    for (const block of state.tokens) {
      if (block.type !== 'inline' || !block.children) continue;
      const dropped: boolean[] = [];
      block.children = block.children.filter((token) => {
        if (token.type === 'link_open') {
          const unsafe = !ALLOWED_LINK.test(String(token.attrGet('href') ?? '').trim());
          dropped.push(unsafe);
          return !unsafe;
        }
        if (token.type === 'link_close') return dropped.pop() !== true;
        if (token.type === 'image' && dropped.includes(false)) token.meta = { insideLink: true };
        return true;
      });
    }
  });

  md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
    const token = tokens[idx]!;
    token.attrSet('rel', REL);
    token.attrSet('target', '_blank');
    return self.renderToken(tokens, idx, options);
  };

  md.renderer.rules.image = (tokens, idx, options, env) => {
    const token = tokens[idx]!;
    const src = String(token.attrGet('src') ?? '');
    const alt = md.renderer.renderInlineAsText(token.children ?? [], options, env).trim();
    const label = escape(alt || src);
    if (token.meta?.insideLink === true || !ALLOWED_LINK.test(src.trim())) return label;
    return `<a href="${escape(src)}" rel="${REL}" target="_blank" class="external-image">${label}</a>`;
  };

  md.renderer.rules.mention = (tokens, idx, _options, env) => {
    const meta = mentionOf(tokens[idx]!);
    const names = (env as RenderOptions | undefined)?.memberNames;
    if (meta.role) return `<span class="mention" data-role="${meta.role}">@${meta.role}</span>`;
    const name = names?.get(meta.memberId!) ?? meta.name;
    return `<span class="mention" data-member-id="${meta.memberId}">@${escape(name)}</span>`;
  };
  return md;
}

const md = createRenderer();

/**
 * HTML safe to insert into the app, mails and notifications: only markdown-it's own tags
 * (paragraphs, emphasis, lists, code, quotes, tables, headings, links) and mention spans.
 */
export function renderMarkdown(source: string, options: RenderOptions = {}): string {
  return md.render(source, { ...options });
}

function inlineText(children: Token[], env: RenderOptions): string {
  let out = '';
  let linkStart = 0;
  let href = '';
  for (const token of children) {
    switch (token.type) {
      case 'text':
      case 'code_inline':
        out += token.content;
        break;
      case 'softbreak':
      case 'hardbreak':
        out += '\n';
        break;
      case 'mention': {
        const meta = mentionOf(token);
        out += `@${meta.role ?? env.memberNames?.get(meta.memberId!) ?? meta.name}`;
        break;
      }
      case 'link_open':
        linkStart = out.length;
        href = String(token.attrGet('href') ?? '');
        break;
      case 'link_close': {
        const label = out.slice(linkStart);
        const plain = href.replace(/^mailto:/i, '');
        if (href && label !== href && label !== plain) out += ` (${href})`;
        break;
      }
      case 'image': {
        const alt = inlineText(token.children ?? [], env);
        const src = String(token.attrGet('src') ?? '');
        out += alt ? `${alt} (${src})` : src;
        break;
      }
    }
  }
  return out;
}

/**
 * The text as plain text, for plain-text mails, push and notification lines: no markup, links
 * written out after their label, mentions as `@Name`. It is text, not HTML: escape it wherever it
 * is written into HTML.
 */
export function markdownToText(source: string, options: RenderOptions = {}): string {
  const tokens = md.parse(source, {});
  const out: string[] = [];
  const ordered: number[] = [];
  let listDepth = 0;
  for (const token of tokens) {
    switch (token.type) {
      case 'inline':
        out.push(inlineText(token.children ?? [], options));
        break;
      case 'paragraph_close':
        out.push(token.hidden ? '\n' : '\n\n');
        break;
      case 'heading_close':
      case 'blockquote_close':
        out.push('\n\n');
        break;
      case 'bullet_list_open':
        listDepth++;
        ordered.push(0);
        break;
      case 'ordered_list_open':
        listDepth++;
        ordered.push(Number(token.attrGet('start') ?? 1));
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        listDepth--;
        ordered.pop();
        if (listDepth === 0) out.push('\n');
        break;
      case 'list_item_open': {
        const indent = '  '.repeat(Math.max(0, listDepth - 1));
        const n = ordered[ordered.length - 1]!;
        out.push(n > 0 ? `${indent}${n}. ` : `${indent}- `);
        if (n > 0) ordered[ordered.length - 1] = n + 1;
        break;
      }
      case 'fence':
      case 'code_block':
        out.push(`${token.content}\n`);
        break;
      case 'hr':
        out.push('---\n\n');
        break;
      case 'th_close':
      case 'td_close':
        out.push(' | ');
        break;
      case 'tr_close':
        out.push('\n');
        break;
    }
  }
  return out
    .join('')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A one-line plain-text excerpt of at most `maxChars` characters (for quotes and notifications). */
export function markdownExcerpt(source: string, maxChars = 140, options: RenderOptions = {}): string {
  const line = markdownToText(source, options).replace(/\s+/g, ' ').trim();
  const chars = [...line];
  return chars.length <= maxChars ? line : `${chars.slice(0, maxChars - 1).join('')}…`;
}

export interface Mentions {
  memberIds: number[];
  roles: RoleMention[];
}

/** The people and roles a text mentions, exactly as rendered (a mention inside code is none). */
export function extractMentions(source: string): Mentions {
  const memberIds = new Set<number>();
  const roles = new Set<RoleMention>();
  const visit = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.type === 'mention') {
        const meta = mentionOf(token);
        if (meta.role) roles.add(meta.role);
        else memberIds.add(meta.memberId!);
      }
      if (token.children) visit(token.children);
    }
  };
  visit(md.parse(source, {}));
  return { memberIds: [...memberIds], roles: [...roles] };
}
