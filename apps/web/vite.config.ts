import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { compression } from 'vite-plugin-compression2';

/** Where `npm run dev -w apps/web` sends API calls; the production build is served by the server itself. */
const apiTarget = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      // An external registerSW.js: the server's CSP (script-src 'self') forbids inline scripts.
      injectRegister: 'script',
      registerType: 'autoUpdate',
      includeAssets: ['offline.html', 'offline.css', 'logo.svg', 'favicon.svg', 'icons/*.png'],
      manifest: {
        id: '/',
        name: 'Rotes Netz',
        short_name: 'Rotes Netz',
        description: 'Die Mitgliederplattform für digitalen Austausch und gemeinsame Arbeit.',
        lang: 'de',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#E3000F',
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        cleanupOutdatedCaches: true,
        // Pages always come from the network; only when that fails does the offline page appear.
        navigateFallback: null,
        runtimeCaching: [
          {
            urlPattern: ({ request, url }) => request.mode === 'navigate' && !url.pathname.startsWith('/api/'),
            handler: 'NetworkOnly',
            options: { precacheFallback: { fallbackURL: '/offline.html' } },
          },
        ],
        // Nothing under /api/ is ever cached: member data is special-category data (GDPR Art. 9).
      },
    }),
    // A .br and a .gz beside every text file, compressed once here at the highest levels; the
    // server sends the one a browser accepts (@fastify/static's preCompressed).
    compression({
      include: /\.(html|css|js|mjs|json|svg|webmanifest)$/,
      algorithms: ['brotliCompress', 'gzip'],
      logLevel: 'silent',
    }),
  ],
  build: {
    // No data: URLs for scripts or fonts; every asset is a file served from 'self'.
    assetsInlineLimit: 0,
    // .vite/manifest.json: which chunks a page loads first (e2e/bundle-budget.spec.ts reads it).
    manifest: true,
    rolldownOptions: {
      output: {
        // React changes less often than the app and every page needs it: its own chunk stays cached
        // across releases. Everything else is split by use, so that a library only the events or
        // the rooms pages need (or a part of React Aria only they use) loads with those pages.
        codeSplitting: {
          groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ }],
        },
      },
    },
  },
  server: {
    proxy: { '/api': apiTarget, '/healthz': apiTarget },
  },
});
