/** In-app notifications: the bell in the header (which also keeps the live socket open) and the list. */
import { lazy, Suspense } from 'react';
import type { Feature } from '../registry.ts';
import './notifications.css';

// The bell and the live socket are for signed-in members: a visitor's first load does not carry them.
const HeaderItems = lazy(() => import('./HeaderItems.tsx'));

export const feature: Feature = {
  routes: [
    {
      path: 'benachrichtigungen',
      lazy: async () => ({ Component: (await import('./NotificationsPage.tsx')).Component }),
    },
  ],
  headerItems: (me) => (
    <Suspense fallback={null}>
      <HeaderItems memberKey={me.id} />
    </Suspense>
  ),
};
