import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import presetMantine from 'postcss-preset-mantine';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The console: built into dist/web, served by the Ordo process at `/` (SPA fallback on the server). */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  css: { postcss: { plugins: [presetMantine()] } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 700,
  },
  server: {
    // `npx vite --config web/vite.config.ts` during development, with `npm start` running on :3000.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
