import { describe, expect, it } from 'vitest';
import { renderMail } from '../src/index.ts';

const brand = { instanceName: 'Rotes Netz Baden-Württemberg', primaryColor: '#E3000F' };

describe('the mail layout', () => {
  it('renders the same blocks as text and HTML, in the chosen language', () => {
    const content = {
      subject: 'Einladung',
      greeting: 'Hallo Erika,',
      paragraphs: ['Erster Absatz.', 'Zweiter Absatz.'],
      action: { label: 'Jetzt öffnen', url: 'https://netz.example/x?a=1&b=2' },
      footer: 'Warum du das bekommst.',
    };
    const de = renderMail(content, 'de', brand);
    expect(de.text).toBe(
      'Hallo Erika,\n\nErster Absatz.\n\nZweiter Absatz.\n\nJetzt öffnen: https://netz.example/x?a=1&b=2\n\n-- \n\n' +
        'Warum du das bekommst.\n\nDiese Nachricht kommt vom Rotes Netz Baden-Württemberg.',
    );
    expect(de.html).toContain('<html lang="de">');
    expect(de.html).toContain('href="https://netz.example/x?a=1&amp;b=2"');
    const en = renderMail(content, 'en', brand);
    expect(en.html).toContain('<html lang="en">');
    expect(en.text).toContain('This message comes from Rotes Netz Baden-Württemberg.');
  });

  it('escapes everything that comes from people, so no markup reaches the HTML part', () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&';
    const { html, text } = renderMail(
      { subject: evil, greeting: evil, paragraphs: [evil], action: { label: evil, url: `"><script>x</script>` } },
      'de',
      { instanceName: evil, primaryColor: 'red;background:url(x)' },
    );
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('url(x)');
    expect(text).toContain(evil);
  });
});
