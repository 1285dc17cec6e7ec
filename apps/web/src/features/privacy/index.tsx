import type { ComponentType } from 'react';
import type { Feature } from '../registry.ts';
import './privacy.css';

const page = (load: () => Promise<{ Component: ComponentType }>) => async () => ({
  Component: (await load()).Component,
});

/** Profile and privacy: one's profile, one's data, public profiles, roles of a unit, the audit log. */
export const feature: Feature = {
  routes: [
    { path: 'konto/profil', lazy: page(() => import('./ProfilePage.tsx')) },
    { path: 'konto/daten', lazy: page(() => import('./MyDataPage.tsx')) },
    { path: 'mitglieder/:id', lazy: page(() => import('./MemberProfilePage.tsx')) },
    { path: 'struktur/:id/rollen', lazy: page(() => import('./RolesPage.tsx')) },
    { path: 'admin/protokoll', lazy: page(() => import('./AuditPage.tsx')) },
  ],
  nav: (me) =>
    me?.abilities.readSentMail ? [{ to: '/admin/protokoll', label: 'privacy.nav.audit', group: 'admin' }] : [],
  accountMenu: () => [
    { to: '/konto/profil', label: 'privacy.nav.profile' },
    { to: '/konto/daten', label: 'privacy.nav.data' },
  ],
};
