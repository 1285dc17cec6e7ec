import { describe, expect, it } from 'vitest';
import { renderShareImage, shareImageSvg, wrapLines } from '../src/events/events.share-image.ts';

const brand = { instanceName: 'Rotes Netz', primaryColor: '#E3000F', accentColor: '#B5000C' };
const event = { title: 'Dialogtour', startsAt: Date.UTC(2027, 2, 11, 18), cancelled: false, unitName: 'SPD Tübingen' };

describe('the share picture of an event', () => {
  it('wraps a long title at spaces into at most three lines, ending in "…"', () => {
    expect(wrapLines('Dialogtour mit dem Spitzenkandidaten zur Landtagswahl', 20, 3)).toEqual([
      'Dialogtour mit dem',
      'Spitzenkandidaten',
      'zur Landtagswahl',
    ]);
    expect(wrapLines('eins zwei drei vier fünf sechs', 9, 2)).toEqual(['eins zwei', 'drei vie…']);
    expect(wrapLines('Landesdelegiertenkonferenzvorbereitung', 12, 3)).toEqual([
      'Landesdeleg-',
      'iertenkonfe-',
      'renzvorbere…',
    ]);
  });

  it('escapes the title into the SVG and shows the Berlin time in German', () => {
    const svg = shareImageSvg({ ...event, title: 'A & <b>"B"</b>' }, brand);
    expect(svg).toContain('A &amp; &lt;b&gt;&quot;B&quot;&lt;/b&gt;');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('Donnerstag, 11. März 2027 um 19:00 Uhr');
    expect(svg).toContain('fill="#E3000F"');
  });

  it('is drawn once per content: the same event gives the same PNG, an edited one a new PNG', async () => {
    const first = await renderShareImage(event, brand);
    expect(first.subarray(1, 4).toString()).toBe('PNG');
    expect(await renderShareImage({ ...event }, brand)).toBe(first);
    expect(await renderShareImage({ ...event, title: 'Dialogtour 2' }, brand)).not.toBe(first);
  });
});
