import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router/dom';
import { i18nReady } from './i18n/index.ts';
import { ApiError } from './api.ts';
import { router } from './routes.tsx';
import { ToastProvider } from './ui/index.ts';
import './styles/base.css';
import './ui/controls.css';
import './ui/surfaces.css';
import './ui/overlays.css';
import './styles/layout.css';
import './styles/pages.css';
import './styles/structure.css';

// React Aria injects a <style> for touch-action unless an element with this id exists; the strict
// CSP (style-src 'self') would block that <style>, so the rule lives in ui.css instead.
const marker = document.createElement('meta');
marker.id = 'react-aria-pressable-style';
document.head.append(marker);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Client errors (401, 403, 404, 422) will not change on retry; network and 5xx might.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: true,
    },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');

// The first paint waits for the strings of one language (a small chunk loaded beside the page's).
void i18nReady.then(() =>
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <ToastProvider>
          <RouterProvider router={router} />
        </ToastProvider>
      </QueryClientProvider>
    </StrictMode>,
  ),
);
