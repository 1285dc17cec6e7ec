import { describe, expect, it } from 'vitest';
import { contrast, parseHex, strongOnLight, toHex } from './brand.ts';

const WHITE = [255, 255, 255] as const;
const PAGE = [0xf5, 0xf5, 0xf4] as const;

describe('brand colours', () => {
  it('parses #rgb and #rrggbb and refuses anything else', () => {
    expect(parseHex('#E3000F')).toEqual([0xe3, 0x00, 0x0f]);
    expect(parseHex('#fff')).toEqual([255, 255, 255]);
    expect(parseHex('red')).toBeNull();
    expect(parseHex('#12345')).toBeNull();
    expect(parseHex('url(x)')).toBeNull();
  });

  it.each(['#E3000F', '#B5000C', '#ff8800', '#ffff00', '#ffffff', '#3399ff'])(
    'derives from %s a text colour with at least 4.5:1 on white and on the page',
    (hex) => {
      const strong = strongOnLight(parseHex(hex)!);
      expect(contrast(strong, [...WHITE])).toBeGreaterThanOrEqual(4.5);
      expect(contrast(strong, [...PAGE])).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('keeps a colour that is dark enough as it is', () => {
    expect(toHex(strongOnLight(parseHex('#B5000C')!))).toBe('#b5000c');
  });
});
