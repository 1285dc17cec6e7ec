import { describe, expect, it } from 'vitest';
import { completeTyped, mentionedIn, toEditable, toStored, typedMentions, uniquePerson } from './mentions.ts';

const vera = { memberId: 239, displayName: 'Vera Vorsitz' };
const mia = { memberId: 12, displayName: 'Mia Mitglied' };

describe('mentions in the composer', () => {
  it('shows a stored mention as the name and keeps the id behind it', () => {
    const { text, people } = toEditable('Frag @[Vera Vorsitz](m:239) oder @vorstand.');
    expect(text).toBe('Frag @Vera Vorsitz oder @vorstand.');
    expect(people).toEqual([vera]);
    expect(toStored(text, people)).toBe('Frag @[Vera Vorsitz](m:239) oder @vorstand.');
  });

  it('gives the id back only to the whole name, at a word start', () => {
    expect(toStored('@Vera Vorsitzende, mail@Vera Vorsitz', [vera])).toBe('@Vera Vorsitzende, mail@Vera Vorsitz');
    expect(toStored('(@Vera Vorsitz) und @Vera Vorsitz', [vera])).toBe(
      '(@[Vera Vorsitz](m:239)) und @[Vera Vorsitz](m:239)',
    );
  });

  it('lists the people the text still mentions, once each', () => {
    expect(mentionedIn('@Vera Vorsitz und @Vera Vorsitz', [vera, mia])).toEqual([vera]);
    expect(mentionedIn('nichts mehr', [vera])).toEqual([]);
  });

  it('finds names typed by hand, but not known people or roles', () => {
    expect(typedMentions('@Mia, @Vera Vorsitz, @vorstand und @Mia. Mail: a@b.de', [vera])).toEqual(['Mia']);
  });

  it('resolves a typed name only when exactly one member of the room carries it', () => {
    expect(uniquePerson('mia', [mia, { memberId: 3, displayName: 'Jeremias Maier' }], true)).toEqual(mia);
    expect(uniquePerson('Mia', [mia, { memberId: 4, displayName: 'Mia Müller' }], true)).toBeNull();
    expect(uniquePerson('Mia', [mia], false)).toBeNull();
    expect(uniquePerson('Mi', [mia], true)).toBeNull();
  });

  it('writes the full name where the short one was typed, once, also when the rest follows', () => {
    expect(completeTyped('Danke @Mia. Und @Mia Mitglied!', 'Mia', mia)).toBe('Danke @Mia Mitglied. Und @Mia Mitglied!');
    expect(toStored(completeTyped('@mia', 'mia', mia), [mia])).toBe('@[Mia Mitglied](m:12)');
  });
});
