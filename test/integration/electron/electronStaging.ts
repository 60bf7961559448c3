/**
 * Packaging helpers for the Electron tests: build into a temporary copy of the project and run electron-builder there,
 * so out/ and node_modules of the checkout (used by browser mode and the other tests meanwhile) are never touched.
 */

import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const ELECTRON_VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;

function run(label: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): void {
  const result = spawnSync(process.execPath, args, { ...options, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`${label} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
}

/**
 * Builds the app into `<app>/out` and copies what electron-builder reads. node_modules is hard-linked (a full tree in
 * seconds); `ownCopies` get real copies instead, for modules the packaging rebuilds in place (better-sqlite3).
 */
export function stageApp(app: string, ownCopies: readonly string[] = []): void {
  mkdirSync(app, { recursive: true });
  run('electron-vite build', [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, FIDELIS_OUT_DIR: join(app, 'out') },
  });
  for (const file of ['package.json', 'package-lock.json', 'electron-builder.yml']) cpSync(join(ROOT, file), join(app, file));
  for (const dir of ['build', 'stubs']) cpSync(join(ROOT, dir), join(app, dir), { recursive: true });
  const linked = spawnSync('cp', ['-al', join(ROOT, 'node_modules'), join(app, 'node_modules')]);
  if (linked.status !== 0) cpSync(join(ROOT, 'node_modules'), join(app, 'node_modules'), { recursive: true, verbatimSymlinks: true });
  for (const name of ownCopies) {
    rmSync(join(app, 'node_modules', name), { recursive: true, force: true });
    cpSync(join(ROOT, 'node_modules', name), join(app, 'node_modules', name), { recursive: true });
  }
}

/** The files electron-builder copies from an Electron distribution, with a shell script for the binary: offline CI only. */
export function stubElectron(dir: string): void {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  mkdirSync(join(dir, 'locales'), { recursive: true });
  writeFileSync(join(dir, 'electron'), '#!/bin/sh\necho "stub Electron for offline packaging tests"\nexit 1\n');
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'version'), `v${ELECTRON_VERSION}`);
  writeFileSync(join(dir, 'LICENSE'), 'MIT (stub)\n');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '<html></html>\n');
  // electronLanguages keeps only en-US: the stub needs the file it keeps.
  writeFileSync(join(dir, 'locales', 'en-US.pak'), 'stub');
}

const HOST_PLATFORM = process.platform === 'darwin' ? '--mac' : process.platform === 'win32' ? '--win' : '--linux';

/** electron-builder's `dir` target (an unpacked app, no installer) on a staged app, with config overrides. */
export function packageApp(app: string, output: string, overrides: readonly string[], platform: '--linux' | '--mac' | '--win' = HOST_PLATFORM): void {
  run('electron-builder', [join(ROOT, 'node_modules/electron-builder/cli.js'), platform, 'dir', '--publish', 'never', '--projectDir', app, `-c.directories.output=${output}`, ...overrides], {
    cwd: app,
    env: { ...process.env, CI: 'true' },
  });
}
