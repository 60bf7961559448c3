// Builds the renderer (React) into out/renderer, served by browser mode and loaded by the desktop app.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  // Paths are relative to this folder; import.meta.dirname keeps Node built-ins out of renderer/.
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  resolve: { alias: { '@fidelis/shared': `${import.meta.dirname}/../shared` } },
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  server: { host: '127.0.0.1' },
});
