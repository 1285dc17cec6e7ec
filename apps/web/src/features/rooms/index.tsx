/** Rooms: the room list, rooms, threads, new rooms, room settings and the moderation queue. */
import type { ComponentType } from 'react';
import type { Feature } from '../registry.ts';
import { mayModerate } from './abilities.ts';
import './rooms.css';

const page = (load: () => Promise<{ Component: ComponentType }>) => async () => ({
  Component: (await load()).Component,
});

export const feature: Feature = {
  routes: [
    { path: 'raeume', lazy: page(() => import('./RoomsPage.tsx')) },
    { path: 'raeume/neu', lazy: page(() => import('./NewRoomPage.tsx')) },
    { path: 'raeume/:id', lazy: page(() => import('./RoomPage.tsx')) },
    { path: 'raeume/:id/einstellungen', lazy: page(() => import('./RoomSettingsPage.tsx')) },
    { path: 'raeume/:id/themen/:threadId', lazy: page(() => import('./ThreadPage.tsx')) },
    { path: 'moderation', lazy: page(() => import('./ModerationPage.tsx')) },
  ],
  nav: (me) => [
    ...(me ? [{ to: '/raeume', label: 'rooms.nav.rooms' }] : []),
    ...(mayModerate(me) ? [{ to: '/moderation', label: 'rooms.nav.moderation', group: 'admin' as const }] : []),
  ],
};
