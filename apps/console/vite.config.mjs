// Vite configuration of the console: `npx nx serve console` (or `npx vite --config apps/console/vite.config.mjs`)
// serves it with the API proxied to a gateway (GATEWAY_URL, default the local one on :8080); the build
// writes dist/console, which the gateway serves at `/`.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
  },
  server: {
    host: '127.0.0.1',
    port: 4200,
    proxy: { '/api': { target: process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080', changeOrigin: true } },
  },
});
