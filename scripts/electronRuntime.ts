/**
 * Finds an Electron binary and a display without loading the 'electron' package: requiring it where its binary is
 * missing starts a download (which fails offline), so the check reads the package's path.txt and dist/ itself.
 */

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type Found = { readonly found: true; readonly path: string } | { readonly found: false; readonly reason: string };
/** A binary, and the Electron distribution folder it belongs to (electron-builder's electronDist). */
export type FoundElectron = { readonly found: true; readonly path: string; readonly distDir: string } | { readonly found: false; readonly reason: string };

export function findElectronBinary(projectRoot: string, env: NodeJS.ProcessEnv = process.env): FoundElectron {
  const explicit = env.ELECTRON_EXEC_PATH;
  if (explicit) return existsSync(explicit) ? { found: true, path: explicit, distDir: dirname(explicit) } : { found: false, reason: `ELECTRON_EXEC_PATH points at ${explicit}, which does not exist` };
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(join(projectRoot, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { found: false, reason: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return { found: false, reason: 'the Electron binary was never downloaded: node_modules/electron has no path.txt' };
  const relative = readFileSync(pathFile, 'utf8').trim();
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
  const binary = join(distDir, relative);
  return existsSync(binary) ? { found: true, path: binary, distDir } : { found: false, reason: `the Electron binary ${binary} is missing` };
}

/** Linux and the BSDs need an X11 or Wayland display for a window; Windows and macOS always have one. */
export function findDisplay(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Found {
  if (platform === 'win32' || platform === 'darwin') return { found: true, path: 'desktop' };
  const display = env.WAYLAND_DISPLAY || env.DISPLAY;
  return display ? { found: true, path: display } : { found: false, reason: 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
}

/** The unpacked app `electron-builder --dir` leaves in `outputDir`, per platform (see electron-builder.yml). */
export function unpackedExecutable(outputDir: string, platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  switch (platform) {
    case 'win32':
      return join(outputDir, arch === 'arm64' ? 'win-arm64-unpacked' : 'win-unpacked', 'fidelis.exe');
    case 'darwin': {
      // The bundle's executable follows executableName on recent electron-builder versions, productName on older ones.
      const macOS = join(outputDir, arch === 'arm64' ? 'mac-arm64' : 'mac', 'Fidelis.app', 'Contents', 'MacOS');
      return existsSync(join(macOS, 'fidelis')) ? join(macOS, 'fidelis') : join(macOS, 'Fidelis');
    }
    default:
      return join(outputDir, arch === 'arm64' ? 'linux-arm64-unpacked' : 'linux-unpacked', 'fidelis');
  }
}
