/**
 * A preview of Markdown as the member types, built as React elements (never an HTML string), so
 * nothing typed can become markup. It knows the few things the toolbar writes — paragraphs, lists,
 * quotes, **bold**, _italic_, `code`, [links](https://…) and @mentions — and shows the rest as
 * text; the server's rendering after posting is the real one.
 */
import type { ReactNode } from 'react';

const INLINE =
  /(\*\*[^*]+\*\*|__[^_]+__|\*[^*\s][^*]*\*|_[^_\s][^_]*_|`[^`]+`|\[[^\]]+\]\([^)\s]+\)|@\[[^\]]+\]\(m:\d+\))/;

function safeHref(href: string): string | null {
  try {
    const url = new URL(href, window.location.origin);
    return url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'mailto:' ? url.href : null;
  } catch {
    return null;
  }
}

function inline(text: string, key: string): ReactNode[] {
  const parts = text.split(INLINE).filter((p) => p !== '');
  return parts.map((part, i) => {
    const k = `${key}-${i}`;
    if (/^(\*\*|__)/.test(part) && part.length > 4) return <strong key={k}>{inline(part.slice(2, -2), k)}</strong>;
    if (/^[*_]/.test(part) && part.length > 2 && /[*_]$/.test(part))
      return <em key={k}>{inline(part.slice(1, -1), k)}</em>;
    if (part.startsWith('`') && part.endsWith('`') && part.length > 2) return <code key={k}>{part.slice(1, -1)}</code>;
    const mention = /^@\[([^\]]+)\]\(m:\d+\)$/.exec(part);
    if (mention)
      return (
        <span key={k} className="mention">
          @{mention[1]}
        </span>
      );
    const link = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(part);
    if (link) {
      const href = safeHref(link[2]!);
      return href ? (
        <a key={k} href={href} rel="noopener noreferrer nofollow" target="_blank">
          {link[1]}
        </a>
      ) : (
        <span key={k}>{link[1]}</span>
      );
    }
    return <span key={k}>{part}</span>;
  });
}

/** Renders the preview of `source`. */
export function MarkdownPreview({ source }: { source: string }) {
  const blocks = source.replace(/\r\n/g, '\n').split(/\n{2,}/);
  return (
    <div className="post-body">
      {blocks.map((block, i) => {
        const lines = block.split('\n').filter((l) => l.trim() !== '');
        if (lines.length === 0) return null;
        const key = `b${i}`;
        if (lines.every((l) => /^\s*[-*+] /.test(l))) {
          return (
            <ul key={key}>
              {lines.map((l, j) => (
                <li key={j}>{inline(l.replace(/^\s*[-*+] /, ''), `${key}-${j}`)}</li>
              ))}
            </ul>
          );
        }
        if (lines.every((l) => /^\s*\d+[.)] /.test(l))) {
          return (
            <ol key={key}>
              {lines.map((l, j) => (
                <li key={j}>{inline(l.replace(/^\s*\d+[.)] /, ''), `${key}-${j}`)}</li>
              ))}
            </ol>
          );
        }
        if (lines.every((l) => l.startsWith('>'))) {
          return (
            <blockquote key={key}>
              <p>{inline(lines.map((l) => l.replace(/^>\s?/, '')).join(' '), key)}</p>
            </blockquote>
          );
        }
        return (
          <p key={key}>
            {lines.map((l, j) => (
              <span key={j}>
                {j > 0 && <br />}
                {inline(l, `${key}-${j}`)}
              </span>
            ))}
          </p>
        );
      })}
    </div>
  );
}
