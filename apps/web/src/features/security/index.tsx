/** Sign-in security: second factors, passkeys, sessions ("/konto/sicherheit"). */
import type { Feature } from '../registry.ts';

export const feature: Feature = {
  routes: [
    { path: 'konto/sicherheit', lazy: async () => ({ Component: (await import('./SecurityPage.tsx')).Component }) },
  ],
  accountMenu: () => [{ to: '/konto/sicherheit', label: 'security.menu' }],
};
