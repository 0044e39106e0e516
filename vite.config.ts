import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const rendererRoot = fileURLToPath(new URL('./src-renderer/', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/renderer/', import.meta.url));

/**
 * Vite build of the renderer.
 * Why these settings: the page is served from app:// in Electron and from a loopback server in
 * browser mode, both under `script-src 'self'`, so every script must be an emitted file (no
 * inline module-preload polyfill, no inlined assets turned into scripts) and every URL relative
 * (`base: './'`), whatever the origin the build is served from.
 */
export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
    // Chromium supports modulepreload natively; the polyfill would only add code.
    modulePreload: { polyfill: false },
    // Keep every asset a file: a data: URL is allowed for images only, never for scripts.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2048,
  },
  server: { host: '127.0.0.1', strictPort: false },
});
