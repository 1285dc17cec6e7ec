/** Admin pages of Landesverband admins: the member roster import, members, and unit editing. */
import type { Feature } from '../registry.ts';

export const feature: Feature = {
  routes: [
    { path: 'admin/mitgliederliste', lazy: () => import('./RosterPage.tsx') },
    { path: 'admin/mitglieder', lazy: () => import('./MembersPage.tsx') },
    { path: 'admin/struktur', lazy: () => import('./UnitsAdminPage.tsx') },
    { path: 'admin/struktur/:id', lazy: () => import('./UnitEditPage.tsx') },
  ],
  nav: (me) =>
    me?.abilities.administerUnits
      ? [
          { to: '/admin/mitgliederliste', label: 'admin-roster.nav.roster', group: 'admin' },
          { to: '/admin/mitglieder', label: 'admin-roster.nav.members', group: 'admin' },
        ]
      : [],
};
