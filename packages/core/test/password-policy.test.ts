import { describe, expect, it } from 'vitest';
import { assertPasswordAllowed, passwordProblem } from '../src/index.ts';

describe('password policy', () => {
  const member = {
    email: 'erika.muster@example.org',
    memberNumber: '904711223344',
    names: ['Erika', 'Mustermann', 'Erika Mustermann'],
  };

  it('accepts long passphrases without composition rules, pasted or generated', () => {
    expect(passwordProblem('kaffee mit hafermilch')).toBeUndefined();
    expect(passwordProblem('xK9#mP2$vL8@qR5!wT3&', member)).toBeUndefined();
    expect(passwordProblem('ä'.repeat(3) + 'ö'.repeat(3) + 'ü'.repeat(3) + 'ß'.repeat(3))).toBeUndefined();
  });

  it('counts characters, not bytes: ten umlauts are long enough, nine are not', () => {
    expect(passwordProblem('äöüäöüäöüß')).toBeUndefined();
    expect(passwordProblem('äöüäöüäöü')).toBe('too_short');
  });

  it('refuses what is too long', () => {
    expect(passwordProblem('Zq'.repeat(129))).toBe('too_long');
  });

  it.each([
    'qwertyuiop',
    '1234567890',
    'PASSWORD123',
    'Passwort2024!',
    '!!Sonnenschein!!',
    'abcdefghijk',
    '0987654321',
  ])('refuses the common password %s', (password) => expect(passwordProblem(password)).toBe('common'));

  it.each(['erika.muster@example.org', 'ERIKA.MUSTER', '904711223344', 'erika mustermann', 'Mustermann2020'])(
    "refuses the member's own data %s",
    (password) => expect(passwordProblem(password, member)).toBe('personal'),
  );

  it('explains the refusal in the request language at the given field', () => {
    expect(() => assertPasswordAllowed('kurz', {}, 'en', '/newPassword')).toThrow(
      expect.objectContaining({
        code: 'password_rejected',
        fieldErrors: [{ path: '/newPassword', message: 'The password needs at least 10 characters.' }],
      }),
    );
  });
});
