import type { ComponentType } from 'react';
import type { Feature } from '../registry.ts';
import './programme.css';

const page = (load: () => Promise<{ Component: ComponentType }>) => async () => ({
  Component: (await load()).Component,
});

/**
 * The programme process: processes, ideas, the draft with line numbers, amendments and the
 * commission's workspace ("/programm").
 */
export const feature: Feature = {
  routes: [
    { path: 'programm', lazy: page(() => import('./ProcessesPage.tsx')) },
    { path: 'programm/neu', lazy: page(() => import('./ProcessFormPage.tsx')) },
    { path: 'programm/:id', lazy: page(() => import('./ProcessPage.tsx')) },
    { path: 'programm/:id/ideen', lazy: page(() => import('./IdeasPage.tsx')) },
    { path: 'programm/:id/ideen/neu', lazy: page(() => import('./IdeaFormPage.tsx')) },
    { path: 'programm/:id/ideen/:ideaId', lazy: page(() => import('./IdeaPage.tsx')) },
    { path: 'programm/:id/entwurf', lazy: page(() => import('./DraftPage.tsx')) },
    { path: 'programm/:id/entwurf/:version', lazy: page(() => import('./DraftPage.tsx')) },
    { path: 'programm/:id/antraege', lazy: page(() => import('./AmendmentsPage.tsx')) },
    { path: 'programm/:id/antraege/neu', lazy: page(() => import('./AmendmentFormPage.tsx')) },
    { path: 'programm/:id/kommission', lazy: page(() => import('./CommissionPage.tsx')) },
  ],
  nav: (me) => (me ? [{ to: '/programm', label: 'programme.nav' }] : []),
};
