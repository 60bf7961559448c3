// Builds the desktop app: main (ESM, dependencies left to node_modules), the sandboxed preload (one CommonJS file, as
// sandboxed preloads require) and the renderer from renderer/vite.config.ts with the Content-Security-Policy baked in.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import type { Plugin, UserConfig } from 'vite';
import { META_CONTENT_SECURITY_POLICY } from './main/electron/contentSecurityPolicy.ts';
import rendererConfig from './renderer/vite.config.ts';

/** Puts the policy first in <head>, so it governs everything the page loads, before any script runs. */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'fidelis:csp-meta',
    transformIndexHtml: {
      order: 'post',
      handler: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: META_CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
    },
  };
}

const renderer = rendererConfig as UserConfig;
const sharedAlias = { '@fidelis/shared': fileURLToPath(new URL('./shared', import.meta.url)) };
/** Tests build into a temporary folder (FIDELIS_OUT_DIR) so they never pull out/ from under a running browser-mode test. */
const out = process.env.FIDELIS_OUT_DIR ?? fileURLToPath(new URL('./out', import.meta.url));

export default defineConfig({
  main: {
    resolve: { alias: sharedAlias },
    build: {
      outDir: `${out}/main`,
      lib: { entry: { index: 'main/electron/main.ts' }, formats: ['es'] },
      sourcemap: false,
    },
  },
  preload: {
    resolve: { alias: sharedAlias },
    build: {
      outDir: `${out}/preload`,
      // Sandboxed preloads may require nothing but 'electron': everything else is bundled in.
      externalizeDeps: false,
      rolldownOptions: { input: { index: 'main/electron/preload.ts' }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
      sourcemap: false,
    },
  },
  renderer: {
    ...renderer,
    // Set here too: the config bundler does not carry renderer/vite.config.ts's import.meta.dirname over.
    root: fileURLToPath(new URL('./renderer', import.meta.url)),
    resolve: { alias: sharedAlias },
    plugins: [...(renderer.plugins ?? []), contentSecurityPolicyMeta()],
    build: { ...renderer.build, outDir: `${out}/renderer`, sourcemap: false, rolldownOptions: { input: fileURLToPath(new URL('./renderer/index.html', import.meta.url)) } },
  },
});
