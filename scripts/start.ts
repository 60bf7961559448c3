/**
 * `npm start`: the desktop app where Electron and a display exist; otherwise one line saying why, then browser mode
 * (`npm run serve`, which prints the URL to open). `npm start -- --browser` asks for browser mode outright.
 *
 * The desktop run builds and packages an unpacked app (scripts/dist.ts with --dir) and starts it: packaging rebuilds the
 * SQLite native module for Electron, which a plain `electron .` on node_modules (built for Node) could not load.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dist } from './dist.ts';
import { findDisplay, findElectronBinary, unpackedExecutable } from './electronRuntime.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const passOn = process.argv.slice(2).filter((arg) => arg !== '--browser');

/** Runs the child in the foreground: signals reach it, and its exit code becomes ours. */
function foreground(child: ChildProcess): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const electron = findElectronBinary(ROOT);
const display = findDisplay();
const why = process.argv.includes('--browser') ? 'browser mode was asked for' : !electron.found ? `no Electron runtime: ${electron.reason}` : !display.found ? display.reason : undefined;

if (why || !electron.found) {
  process.stdout.write(`Fidelis desktop cannot start here (${why}); starting browser mode instead.\n`);
  foreground(spawn(npm, ['run', '--silent', 'serve', '--', ...passOn], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' }));
} else {
  // The Electron found here is packaged as is (no download); --dir skips installers.
  const packaged = dist(['--dir', `-c.electronDist=${electron.distDir}`]);
  if (packaged !== 0) process.exit(packaged);
  foreground(spawn(unpackedExecutable(`${ROOT}release`), passOn, { cwd: ROOT, stdio: 'inherit' }));
}
