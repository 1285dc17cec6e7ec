import { describe, expect, it } from 'vitest';
import { germanPath } from './english-paths.ts';
import { safeNext, signInPath } from './format.ts';

describe('germanPath', () => {
  it.each([
    ['/login', '/anmelden'],
    ['/register', '/registrieren'],
    ['/rooms', '/raeume'],
    ['/rooms/5/threads/7', '/raeume/5/themen/7'],
    ['/Rooms/5/settings', '/raeume/5/einstellungen'],
    ['/events/12/edit', '/termine/12/bearbeiten'],
    ['/settings', '/konto/profil'],
    ['/account/security', '/konto/sicherheit'],
    ['/account', '/konto/profil'],
    ['/programme/3/ideas/new', '/programm/3/ideen/neu'],
    ['/admin/roster', '/admin/mitgliederliste'],
  ])('sends %s to %s', (english, german) => {
    expect(germanPath(english)).toBe(german);
  });

  it.each(['/raeume/5/themen/7', '/anmelden', '/nothing-here', '/admin/whatever'])(
    'leaves %s alone, so it cannot redirect in a loop',
    (path) => {
      expect(germanPath(path)).toBeNull();
    },
  );
});

describe('signInPath', () => {
  it('returns to the thread and the post anchor, and safeNext keeps them', () => {
    const path = signInPath({ pathname: '/raeume/3/themen/7', search: '?a=1', hash: '#beitrag-42' });
    expect(path).toBe('/anmelden?next=%2Fraeume%2F3%2Fthemen%2F7%3Fa%3D1%23beitrag-42');
    const next = new URLSearchParams(path.split('?')[1]).get('next');
    expect(safeNext(next)).toBe('/raeume/3/themen/7?a=1#beitrag-42');
  });
});
