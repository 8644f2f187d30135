import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = path.dirname(fileURLToPath(import.meta.url));

/**
 * The web UI is built into web/dist, which the Concord server serves at / (with a fallback to index.html for the
 * single-page app's routes). `vite --config web/vite.config.ts` runs a dev server that forwards /api to a running
 * Concord server (CONCORD_API_URL, default http://127.0.0.1:8080).
 */
export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: path.join(webRoot, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    // The server's CSP forbids inline scripts; keep every asset a separate file.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { '/api': { target: process.env.CONCORD_API_URL ?? 'http://127.0.0.1:8080', changeOrigin: false } },
  },
});
