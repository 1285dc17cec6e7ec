/**
 * The password policy (NIST SP 800-63B): long enough, not known to attackers, not the member's own
 * data — and no composition rules, which only push people to `Passwort1!`. Pasting and password
 * managers are welcome; the web form allows both.
 *
 * The list of common passwords ships offline with `@zxcvbn-ts/language-common` (about 49,000 entries
 * from leaked-password corpora); nothing is looked up over the network.
 */
import { createRequire } from 'node:module';
import type { Locale } from '@rotes-netz/shared';
import { DomainError } from '../errors.ts';
import { foldForSearch } from '../text.ts';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

// German passwords the English-leaning list misses, and the platform's own names.
const LOCAL_WORDS = ['passwort', 'kennwort', 'geheim', 'hallo', 'spd', 'sozialdemokratie', 'rotesnetz', 'rotes-netz'];

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  if (!common) {
    const require = createRequire(import.meta.url);
    const list = require('@zxcvbn-ts/language-common/src/passwords.json') as string[];
    common = new Set([...list.map((p) => p.toLowerCase()), ...LOCAL_WORDS]);
  }
  return common;
}

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'personal';

const MESSAGES: Record<PasswordProblem, Record<Locale, string>> = {
  too_short: {
    de: `Das Passwort braucht mindestens ${PASSWORD_MIN_LENGTH} Zeichen.`,
    en: `The password needs at least ${PASSWORD_MIN_LENGTH} characters.`,
  },
  too_long: {
    de: `Das Passwort darf höchstens ${PASSWORD_MAX_LENGTH} Zeichen haben.`,
    en: `The password may have at most ${PASSWORD_MAX_LENGTH} characters.`,
  },
  common: {
    de: 'Dieses Passwort ist zu bekannt: Es steht auf Listen, mit denen Angreifer raten. Nimm zum Beispiel mehrere Wörter, die nur du zusammenbringst.',
    en: 'This password is too common: it is on the lists attackers guess from. Try several words only you would put together.',
  },
  personal: {
    de: 'Das Passwort darf nicht deine E-Mail-Adresse, Mitgliedsnummer oder dein Name sein.',
    en: 'The password must not be your email address, member number or name.',
  },
};

/** What a password must not be: the member's own data. */
export interface PasswordContext {
  email?: string | null;
  memberNumber?: string | null;
  names?: (string | null | undefined)[];
}

/** The first reason a password is refused, or undefined when it is fine. */
export function passwordProblem(password: string, context: PasswordContext = {}): PasswordProblem | undefined {
  // Count characters as a person sees them, not UTF-16 units.
  const length = [...password.normalize('NFC')].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'too_long';

  const folded = foldForSearch(password);
  const list = commonPasswords();
  // Decorations that do not make a known word unknown: `passwort2024!`, `Sommer2020`.
  const base = folded.replace(/[\d\W_]+$/u, '').replace(/^[\d\W_]+/u, '');
  if (list.has(folded) || list.has(base) || new Set(folded).size <= 2 || isSequence(folded)) return 'common';

  const personal = [context.email, context.email?.split('@')[0], context.memberNumber, ...(context.names ?? [])]
    .filter((v): v is string => typeof v === 'string' && v.trim().length >= 3)
    .map((v) => foldForSearch(v));
  const compact = folded.replace(/[\s\W_]+/gu, '');
  const fullName = (context.names ?? []).filter(Boolean).join('');
  if (personal.some((v) => v === folded || v === base) || (fullName && foldForSearch(fullName) === compact)) {
    return 'personal';
  }
  return undefined;
}

// Keyboard runs and counting that every guesser tries first.
function isSequence(text: string): boolean {
  const runs = [
    '0123456789012345678901234567890',
    'abcdefghijklmnopqrstuvwxyz',
    'qwertzuiopasdfghjklyxcvbnm',
    'qwertyuiopasdfghjklzxcvbnm',
  ];
  return runs.some((run) => run.includes(text) || [...run].reverse().join('').includes(text));
}

/** Throws `password_rejected` with the reason at `pointer` (e.g. `/password`) when the policy refuses. */
export function assertPasswordAllowed(
  password: string,
  context: PasswordContext,
  locale: Locale,
  pointer = '/password',
): void {
  const problem = passwordProblem(password, context);
  if (problem) {
    throw new DomainError('password_rejected', `password refused: ${problem}`, [
      { path: pointer, message: MESSAGES[problem][locale] },
    ]);
  }
}
