import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate, useLocation, type RouteObject } from 'react-router';
import { Layout } from './layout/Layout.tsx';
import { ErrorPage } from './pages/ErrorPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { InitialLoading } from './pages/InitialLoading.tsx';
import { SignedInOutlet } from './pages/RequireSignIn.tsx';
import type { LegalPageName } from '@rotes-netz/shared';
import { features } from './features/registry.ts';
import { ENGLISH_FIRST_SEGMENTS, germanPath } from './lib/english-paths.ts';

/** Lazily loaded page modules: each exports `Component`. */
const lazyPage = (load: () => Promise<{ Component: ComponentType }>) => async () => {
  const { Component } = await load();
  return { Component };
};

/** An English address (`/login`, `/rooms/5/threads/7`) goes to its German page, query and anchor kept. */
function EnglishPath() {
  const { pathname, search, hash } = useLocation();
  const german = germanPath(pathname);
  return german ? <Navigate to={german + search + hash} replace /> : <NotFoundPage />;
}

/** Pages that everyone may open; every other page needs a signed-in member (see `SignedInOutlet`). */
/**
 * The legal pages' addresses (`LEGAL_PAGES` in shared, written out here: importing a value from
 * shared's schemas would put all of them into every visitor's first load).
 */
const LEGAL_PATHS: readonly LegalPageName[] = ['impressum', 'datenschutz', 'barrierefreiheit'];

const isPublic = (route: RouteObject) => (route.handle as { public?: boolean } | undefined)?.public === true;

const pages: RouteObject[] = [
  { index: true, element: <HomePage />, handle: { public: true } },
  { path: 'anmelden', lazy: lazyPage(() => import('./pages/SignInPage.tsx')), handle: { public: true } },
  { path: 'struktur', lazy: lazyPage(() => import('./pages/StructurePage.tsx')) },
  { path: 'struktur/:id', lazy: lazyPage(() => import('./pages/UnitPage.tsx')) },
  { path: 'admin/mails', lazy: lazyPage(() => import('./pages/SentMailPage.tsx')) },
  ...LEGAL_PATHS.map((path) => ({
    path,
    lazy: lazyPage(() => import('./pages/LegalPage.tsx')),
    handle: { public: true },
  })),
  ...features.flatMap((feature) => feature.routes ?? []),
];

const englishPaths: RouteObject[] = [...Object.keys(ENGLISH_FIRST_SEGMENTS), 'admin'].map((first) => ({
  path: `${first}/*`,
  element: <EnglishPath />,
}));

const allPages: RouteObject[] = [
  ...pages.filter(isPublic),
  ...englishPaths,
  // One mechanism for every protected page: signed out, it redirects to sign-in and back.
  { element: <SignedInOutlet />, children: pages.filter((route) => !isPublic(route)) },
  { path: '*', element: <NotFoundPage /> },
];

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    // Shown for a moment on a first visit to a lazily loaded page, before the layout can render.
    hydrateFallbackElement: <InitialLoading />,
    errorElement: <ErrorPage standalone />,
    // A pathless route between layout and pages: a page that throws is shown inside the layout.
    children: [{ errorElement: <ErrorPage />, children: allPages }],
  },
];

export const router = createBrowserRouter(routes);
