/**
 * One layout for every mail: a plain-text part and an HTML part built from the same blocks, with
 * every value escaped. Modules describe a mail as blocks; nothing passes raw HTML through.
 */
import type { Locale } from '@rotes-netz/shared';

export interface MailContent {
  subject: string;
  greeting?: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Closing line under the body, e.g. why the member receives this. */
  footer?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailBranding {
  instanceName: string;
  primaryColor: string;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const SIGNATURE: Record<Locale, (name: string) => string> = {
  de: (name) => `Diese Nachricht kommt vom ${name}.`,
  en: (name) => `This message comes from ${name}.`,
};

/** Renders a mail's blocks as text and HTML in the given language. */
export function renderMail(content: MailContent, locale: Locale, brand: MailBranding): RenderedMail {
  const signature = SIGNATURE[locale](brand.instanceName);
  const text = [
    content.greeting,
    ...content.paragraphs,
    content.action ? `${content.action.label}: ${content.action.url}` : undefined,
    '-- ',
    content.footer,
    signature,
  ]
    .filter((p): p is string => p !== undefined)
    .join('\n\n');

  const color = /^#[0-9a-fA-F]{6}$/.test(brand.primaryColor) ? brand.primaryColor : '#B5000C';
  const p = (s: string) => `<p style="margin:0 0 16px">${escapeHtml(s)}</p>`;
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(content.subject)}</title></head>
<body style="margin:0;padding:24px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;background:#ffffff">
<div style="max-width:600px;margin:0 auto">
<div style="border-top:6px solid ${color};padding-top:16px;font-weight:700;margin-bottom:24px">${escapeHtml(brand.instanceName)}</div>
${content.greeting ? p(content.greeting) : ''}
${content.paragraphs.map(p).join('\n')}
${
  content.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="display:inline-block;background:${color};color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(content.action.label)}</a></p>`
    : ''
}
<hr style="border:none;border-top:1px solid #ddd;margin:24px 0">
${content.footer ? `<p style="margin:0 0 8px;font-size:14px;color:#555">${escapeHtml(content.footer)}</p>` : ''}
<p style="margin:0;font-size:14px;color:#555">${escapeHtml(signature)}</p>
</div></body></html>`;
  return { subject: content.subject, text, html };
}
