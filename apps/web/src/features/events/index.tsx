import type { ComponentType } from 'react';
import type { Feature } from '../registry.ts';
import './events.css';

const page = (load: () => Promise<{ Component: ComponentType }>) => async () => ({
  Component: (await load()).Component,
});

/**
 * Events (C4) and the Regionalzentren (C6): the calendar, an event with registration and
 * questions, a series of events, the organiser's workspace, the presenter view, my events, my
 * Regionalzentrum.
 */
export const feature: Feature = {
  routes: [
    { path: 'termine', lazy: page(() => import('./CalendarPage.tsx')) },
    { path: 'termine/neu', lazy: page(() => import('./EventFormPage.tsx')) },
    { path: 'termine/reihen/:id', lazy: page(() => import('./SeriesPage.tsx')) },
    { path: 'termine/:id', lazy: page(() => import('./EventPage.tsx')) },
    { path: 'termine/:id/bearbeiten', lazy: page(() => import('./EventFormPage.tsx')) },
    { path: 'termine/:id/organisation', lazy: page(() => import('./WorkspacePage.tsx')) },
    { path: 'termine/:id/praesentation', lazy: page(() => import('./PresenterPage.tsx')) },
    { path: 'meine-termine', lazy: page(() => import('./MyEventsPage.tsx')) },
    { path: 'regionalzentrum', lazy: page(() => import('./RegionalCentrePage.tsx')) },
    { path: 'regionalzentren/schulungen', lazy: page(() => import('./TrainingsPage.tsx')) },
  ],
  nav: (me) => (me ? [{ to: '/termine', label: 'events.nav.calendar' }] : []),
  accountMenu: () => [
    { to: '/meine-termine', label: 'events.nav.mine' },
    { to: '/regionalzentrum', label: 'events.nav.centre' },
  ],
};
