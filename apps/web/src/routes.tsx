import type { ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { Layout } from './layout/Layout.tsx';
import { ErrorPage } from './pages/ErrorPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { InitialLoading } from './pages/InitialLoading.tsx';
import { LEGAL_PAGES } from '@rotes-netz/shared';
import { features } from './features/registry.ts';

/** Lazily loaded page modules: each exports `Component`. */
const lazyPage = (load: () => Promise<{ Component: ComponentType }>) => async () => {
  const { Component } = await load();
  return { Component };
};

const pages: RouteObject[] = [
  { index: true, element: <HomePage /> },
  { path: 'anmelden', lazy: lazyPage(() => import('./pages/SignInPage.tsx')) },
  { path: 'struktur', lazy: lazyPage(() => import('./pages/StructurePage.tsx')) },
  { path: 'struktur/:id', lazy: lazyPage(() => import('./pages/UnitPage.tsx')) },
  { path: 'admin/mails', lazy: lazyPage(() => import('./pages/SentMailPage.tsx')) },
  ...LEGAL_PAGES.map((path) => ({ path, lazy: lazyPage(() => import('./pages/LegalPage.tsx')) })),
  ...features.flatMap((feature) => feature.routes ?? []),
  { path: '*', element: <NotFoundPage /> },
];

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    // Shown for a moment on a first visit to a lazily loaded page, before the layout can render.
    hydrateFallbackElement: <InitialLoading />,
    errorElement: <ErrorPage standalone />,
    // A pathless route between layout and pages: a page that throws is shown inside the layout.
    children: [{ errorElement: <ErrorPage />, children: pages }],
  },
];

export const router = createBrowserRouter(routes);
