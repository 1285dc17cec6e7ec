/** In-app notifications: the bell in the header (which also keeps the live socket open) and the list. */
import type { Feature } from '../registry.ts';
import { LiveConnection } from '../../live/LiveConnection.tsx';
import { NotificationBell } from './NotificationBell.tsx';
import './notifications.css';

export const feature: Feature = {
  routes: [
    {
      path: 'benachrichtigungen',
      lazy: async () => ({ Component: (await import('./NotificationsPage.tsx')).Component }),
    },
  ],
  headerItems: (me) => (
    <>
      <LiveConnection memberKey={me.id} />
      <NotificationBell />
    </>
  ),
};
