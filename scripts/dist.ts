/**
 * `npm run dist [-- electron-builder options]`: builds, then packages with electron-builder (electron-builder.yml).
 * Packaging rebuilds better-sqlite3 for Electron inside node_modules; the Node build is put back afterwards, so the
 * CLI, browser mode and the tests keep working on the same checkout.
 */

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BINDING = join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');

function run(script: string, args: readonly string[]): number {
  return spawnSync(process.execPath, [join(ROOT, script), ...args], { cwd: ROOT, stdio: 'inherit' }).status ?? 1;
}

/** Builds and packages; returns electron-builder's exit code. */
export function dist(builderArgs: readonly string[]): number {
  const built = run('node_modules/electron-vite/bin/electron-vite.js', ['build']);
  if (built !== 0) return built;
  const keep = mkdtempSync(join(tmpdir(), 'fidelis-binding-'));
  const hasBinding = existsSync(BINDING);
  if (hasBinding) copyFileSync(BINDING, join(keep, 'better_sqlite3.node'));
  try {
    return run('node_modules/electron-builder/cli.js', ['--publish', 'never', ...builderArgs]);
  } finally {
    if (hasBinding) copyFileSync(join(keep, 'better_sqlite3.node'), BINDING);
    rmSync(keep, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exit(dist(process.argv.slice(2)));
