import { describe, expect, it } from 'vitest';
import de from './de.json';
import en from './en.json';

const featureFiles = import.meta.glob<Record<string, unknown>>('../features/*/{de,en}.json', {
  eager: true,
  import: 'default',
});
const withFeatures = (lng: 'de' | 'en', base: Record<string, unknown>) => {
  const out: Record<string, unknown> = { ...base };
  for (const [path, value] of Object.entries(featureFiles)) {
    const match = /features\/([^/]+)\/(de|en)\.json$/.exec(path);
    if (match && match[2] === lng) out[match[1]!] = value;
  }
  return out;
};

/** Every leaf of a nested translation object as "a.b.c" → value. */
function leaves(obj: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof obj === 'object' && obj !== null && !Array.isArray(obj)) {
    for (const [key, value] of Object.entries(obj)) {
      for (const [k, v] of leaves(value, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
    }
  } else {
    out.set(prefix, obj);
  }
  return out;
}

describe('translations', () => {
  const german = leaves(withFeatures('de', de));
  const english = leaves(withFeatures('en', en));

  it('have exactly the same keys in German and English', () => {
    expect([...english.keys()].sort()).toEqual([...german.keys()].sort());
  });

  it.each([
    ['de', german],
    ['en', english],
  ] as const)('%s has a non-empty string for every key', (_lng, map) => {
    for (const [key, value] of map) {
      expect(typeof value, key).toBe('string');
      expect(String(value).trim(), key).not.toBe('');
    }
  });

  it('use the same interpolation variables in both languages', () => {
    const vars = (s: unknown) => [...String(s).matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
    for (const [key, value] of german) expect(vars(english.get(key)), key).toEqual(vars(value));
  });
});

describe('counts', () => {
  const german = leaves(withFeatures('de', de));
  const english = leaves(withFeatures('en', en));
  const sources = import.meta.glob<string>(['../**/*.{ts,tsx}', '!../**/*.test.ts'], {
    eager: true,
    query: '?raw',
    import: 'default',
  });

  it('every message with a count has the plural forms "_one" and "_other", in both languages', () => {
    for (const map of [german, english]) {
      for (const [key, value] of map) {
        if (!String(value).includes('{{count}}')) continue;
        const base = key.replace(/_(zero|one|two|few|many|other)$/, '');
        expect(map.has(`${base}_one`) && map.has(`${base}_other`), `${key} needs ${base}_one and ${base}_other`).toBe(
          true,
        );
      }
    }
  });

  it('every translation called with a count in the web app has plural forms ("1 Unterstützungen" cannot happen)', () => {
    const calls: string[] = [];
    for (const [file, source] of Object.entries(sources)) {
      for (const m of source.matchAll(/\bt\(\s*(['`])([^'`]+)\1\s*,\s*\{([^}]*)\}/g)) {
        if (/(^|[\s,])count\b/.test(m[3]!)) calls.push(`${file}: ${m[2]}`);
      }
    }
    expect(calls.length).toBeGreaterThan(20);
    for (const call of calls) {
      const key = call.slice(call.indexOf(': ') + 2);
      // A key built at run time ("myParty.groups.${type}") stands for every key of that shape.
      const shape = new RegExp(`^${key.replace(/[.]/g, '\\.').replace(/\$\{[^}]+\}/g, '[^.]+')}_(one|other)$`);
      for (const map of [german, english]) {
        const forms = [...map.keys()].filter((k) => shape.test(k));
        expect(forms.some((k) => k.endsWith('_one')) && forms.some((k) => k.endsWith('_other')), call).toBe(true);
      }
    }
  });
});

describe('accessible names start with the visible text (WCAG 2.5.3, label in name)', () => {
  const fill = (s: unknown, name: string) => String(s).replace(/{{\s*name\s*}}/g, name);
  it.each([
    ['de', leaves(withFeatures('de', de))],
    ['en', leaves(withFeatures('en', en))],
  ] as const)('%s: the post’s buttons and the account menu', (_lng, map) => {
    for (const [visible, name] of [
      ['rooms.post.more', 'rooms.post.moreLabel'],
      ['rooms.post.reply', 'rooms.post.replyTo'],
      ['rooms.post.quote', 'rooms.post.quoteFrom'],
    ]) {
      expect(fill(map.get(name!), 'Vera Vorsitz'), name).toMatch(new RegExp(`^${String(map.get(visible!))}\\b`));
    }
    expect(fill(map.get('nav.accountMenu'), 'Vera Vorsitz')).toMatch(/^Vera Vorsitz\b/);
  });
});
