/**
 * Registration for members, invitations, password reset, and changing one's password and email.
 */
import type { ComponentType } from 'react';
import type { Feature } from '../registry.ts';
import { invitingUnits } from './inviting.ts';

const page = (load: () => Promise<ComponentType>) => async () => ({ Component: await load() });

export const feature: Feature = {
  routes: [
    // Reached from mails and by people without an account: open to everyone.
    ...[
      { path: 'registrieren', lazy: page(async () => (await import('./RegisterPage.tsx')).Component) },
      {
        path: 'registrieren/bestaetigen',
        lazy: page(async () => (await import('./SetPasswordPage.tsx')).ConfirmRegistration),
      },
      { path: 'einladung', lazy: page(async () => (await import('./SetPasswordPage.tsx')).AcceptInvitation) },
      { path: 'passwort-vergessen', lazy: page(async () => (await import('./ForgotPasswordPage.tsx')).Component) },
      {
        path: 'passwort-zuruecksetzen',
        lazy: page(async () => (await import('./SetPasswordPage.tsx')).ResetPassword),
      },
    ].map((route) => ({ ...route, handle: { public: true } })),
    { path: 'konto/passwort', lazy: page(async () => (await import('./ChangePasswordPage.tsx')).Component) },
    { path: 'konto/e-mail', lazy: page(async () => (await import('./ChangeEmailPage.tsx')).Component) },
    {
      path: 'konto/e-mail/bestaetigen',
      lazy: page(async () => (await import('./ChangeEmailPage.tsx')).ConfirmEmailPage),
    },
    { path: 'einladen', lazy: page(async () => (await import('./InvitePage.tsx')).Component) },
  ],
  nav: (me) => (me ? [] : [{ to: '/registrieren', label: 'registration.nav.register' }]),
  accountMenu: (me) => [
    { to: '/konto/passwort', label: 'registration.nav.changePassword' },
    { to: '/konto/e-mail', label: 'registration.nav.changeEmail' },
    ...(invitingUnits(me).length > 0 ? [{ to: '/einladen', label: 'registration.nav.invite' }] : []),
  ],
};
