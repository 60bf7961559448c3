// The desktop shell's pure parts: window security settings, the CSP, which URLs and frames count as ours, the saved
// window position, the menu, graceful shutdown and finding an Electron runtime. None of them loads 'electron'.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { APP_START_URL, isAppUrl, isExternalLink } from '../../../main/electron/appOrigin.js';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY, parseContentSecurityPolicy } from '../../../main/electron/contentSecurityPolicy.js';
import { isTrustedSender } from '../../../main/electron/ipcSenders.js';
import { menuTemplate } from '../../../main/electron/menu.js';
import { resolveRendererAsset } from '../../../main/electron/rendererAssets.js';
import { createGracefulShutdown } from '../../../main/electron/shutdown.js';
import { mainWindowOptions } from '../../../main/electron/windowOptions.js';
import { DEFAULT_WINDOW_STATE, fitToDisplays, loadWindowState, saveWindowState, windowStateFile } from '../../../main/electron/windowState.js';
import { defaultDataDir } from '../../../main/paths.js';
import { findDisplay, findElectronBinary } from '../../../scripts/electronRuntime.js';
import packageJson from '../../../package.json' with { type: 'json' };

const temporary: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'fidelis-shell-'));
  temporary.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the main window', () => {
  const options = mainWindowOptions({ state: DEFAULT_WINDOW_STATE, preloadPath: '/app/out/preload/index.cjs', packaged: true });

  it('isolates the page: context isolation, sandbox, no Node, no webviews, web security on', () => {
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
  });

  it('hides the developer tools in a packaged build only', () => {
    expect(options.webPreferences?.devTools).toBe(false);
    expect(mainWindowOptions({ state: DEFAULT_WINDOW_STATE, preloadPath: 'p', packaged: false }).webPreferences?.devTools).toBe(true);
  });

  it('opens at the saved position and size, and centred when none is saved', () => {
    const placed = mainWindowOptions({ state: { x: 40, y: 50, width: 1000, height: 700, maximized: false }, preloadPath: 'p', packaged: true });
    expect(placed).toMatchObject({ x: 40, y: 50, width: 1000, height: 700, show: false });
    expect(options).toMatchObject({ center: true, width: DEFAULT_WINDOW_STATE.width });
    expect(options).not.toHaveProperty('x');
  });
});

describe('the Content-Security-Policy', () => {
  const policy = parseContentSecurityPolicy(CONTENT_SECURITY_POLICY);

  it('allows scripts, styles and connections from our own origin only, with nothing inline and no eval', () => {
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|\*|https?:/);
  });

  it('drops only frame-ancestors from the <meta> version, which browsers ignore there', () => {
    const meta = parseContentSecurityPolicy(META_CONTENT_SECURITY_POLICY);
    expect(meta.has('frame-ancestors')).toBe(false);
    expect([...meta.keys()]).toEqual([...policy.keys()].filter((name) => name !== 'frame-ancestors'));
  });
});

describe('what counts as ours', () => {
  it('treats only app://fidelis pages as the app; external links are web and mail links only', () => {
    expect(isAppUrl(APP_START_URL)).toBe(true);
    expect(isAppUrl('app://fidelis/#/accounts/1')).toBe(true);
    for (const url of ['app://evil/index.html', 'file:///app/out/renderer/index.html', 'http://127.0.0.1:5173/', 'https://fidelis.example/', 'not a url', undefined]) {
      expect(isAppUrl(url), String(url)).toBe(false);
    }
    expect(isExternalLink('https://example.com/help')).toBe(true);
    expect(isExternalLink('mailto:ops@example.com')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://server/share', 'app://fidelis/']) {
      expect(isExternalLink(url), url).toBe(false);
    }
  });

  it('accepts IPC from our top-level page only, never from an iframe or another origin', () => {
    expect(isTrustedSender({ url: 'app://fidelis/index.html#/accounts', isTopFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://fidelis/index.html', isTopFrame: false })).toBe(false);
    expect(isTrustedSender({ url: 'https://attacker.example/', isTopFrame: true })).toBe(false);
    expect(isTrustedSender({ url: 'file:///tmp/page.html', isTopFrame: true })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });
});

describe('serving the renderer on app://', () => {
  const root = '/app/out/renderer';

  it('maps files under the renderer folder, and client-side routes to index.html', () => {
    expect(resolveRendererAsset(root, 'app://fidelis/assets/index-abc.js')).toEqual({ path: '/app/out/renderer/assets/index-abc.js', contentType: 'text/javascript; charset=utf-8' });
    expect(resolveRendererAsset(root, 'app://fidelis/')?.path).toBe('/app/out/renderer/index.html');
    expect(resolveRendererAsset(root, 'app://fidelis/accounts/42')?.path).toBe('/app/out/renderer/index.html');
  });

  it('refuses paths that escape the folder, other hosts and other schemes', () => {
    // Plain dot segments are folded by URL parsing itself and land inside the folder.
    expect(resolveRendererAsset(root, 'app://fidelis/../../etc/passwd.txt')?.path).toBe('/app/out/renderer/etc/passwd.txt');
    expect(resolveRendererAsset(root, 'app://fidelis/%2e%2e/%2e%2e/etc/passwd.txt')?.path).toBe('/app/out/renderer/etc/passwd.txt');
    for (const url of [
      'app://fidelis/assets/..%2f..%2f..%2fetc%2fpasswd.txt',
      'app://fidelis/assets/%5c..%5csecret.txt',
      'app://fidelis/%00.js',
      'app://other/index.html',
      'file:///app/out/renderer/index.html',
    ]) {
      expect(resolveRendererAsset(root, url), url).toBeUndefined();
    }
  });
});

describe('the saved window position', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

  it('comes back as it was saved', () => {
    const dir = tempDir();
    saveWindowState(dir, { x: 100, y: 80, width: 1200, height: 760, maximized: true });
    expect(loadWindowState(dir)).toEqual({ x: 100, y: 80, width: 1200, height: 760, maximized: true });
  });

  it('falls back to the default when the file is missing, corrupt or out of range', () => {
    const dir = tempDir();
    expect(loadWindowState(dir)).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(windowStateFile(dir), '{"width": 12');
    expect(loadWindowState(dir)).toEqual(DEFAULT_WINDOW_STATE);
    writeFileSync(windowStateFile(dir), JSON.stringify({ width: 50, height: 20 }));
    expect(loadWindowState(dir)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('drops a position on a display that is gone, and shrinks a window larger than the display', () => {
    expect(fitToDisplays({ x: 2500, y: 100, width: 1200, height: 800, maximized: false }, screen)).toEqual({ width: 1200, height: 800, maximized: false });
    expect(fitToDisplays({ x: 10, y: 10, width: 3000, height: 2000, maximized: false }, screen)).toEqual({ x: 10, y: 10, width: 1920, height: 1080, maximized: false });
    const second = [...screen, { x: 1920, y: 0, width: 1280, height: 1024 }];
    expect(fitToDisplays({ x: 2000, y: 40, width: 1000, height: 700, maximized: false }, second)).toEqual({ x: 2000, y: 40, width: 1000, height: 700, maximized: false });
  });
});

describe('the native menu', () => {
  const roles = (template: ReturnType<typeof menuTemplate>): string[] =>
    template.flatMap((item) => [item.role ?? '', ...(Array.isArray(item.submenu) ? item.submenu.map((sub) => sub.role ?? '') : [])]).filter(Boolean);

  it('has the usual edit, view, window and help roles, and no reload or developer tools in a packaged build', () => {
    const packaged = roles(menuTemplate({ platform: 'linux', appName: 'Fidelis', packaged: true, openHelp: () => {} }));
    expect(packaged).toEqual(expect.arrayContaining(['quit', 'editMenu', 'zoomIn', 'togglefullscreen', 'windowMenu', 'help']));
    expect(packaged).not.toContain('toggleDevTools');
    expect(packaged).not.toContain('reload');
    expect(roles(menuTemplate({ platform: 'linux', appName: 'Fidelis', packaged: false, openHelp: () => {} }))).toContain('toggleDevTools');
  });

  it('starts with the app menu on macOS', () => {
    expect(menuTemplate({ platform: 'darwin', appName: 'Fidelis', packaged: true, openHelp: () => {} })[0]?.role).toBe('appMenu');
  });
});

describe('graceful shutdown', () => {
  const logger = { info: () => {}, error: () => {} };

  it('closes the ledger once, however many quit requests arrive, and exits only after it is closed', async () => {
    const steps: string[] = [];
    let release!: () => void;
    const closed = new Promise<void>((resolve) => (release = resolve));
    const shutdown = createGracefulShutdown(
      async () => {
        steps.push('close');
        await closed;
        steps.push('closed');
      },
      (code) => steps.push(`exit ${code}`),
      logger,
    );
    const first = shutdown.begin('window closed');
    const second = shutdown.begin('quit');
    expect(shutdown.started).toBe(true);
    await Promise.resolve();
    expect(steps).toEqual(['close']);
    release();
    await Promise.all([first, second]);
    expect(steps).toEqual(['close', 'closed', 'exit 0']);
  });

  it('exits with 1 when the ledger fails to close', async () => {
    const codes: number[] = [];
    await createGracefulShutdown(() => Promise.reject(new Error('disk gone')), (code) => codes.push(code), logger).begin('quit');
    expect(codes).toEqual([1]);
  });
});

describe('the desktop app and the CLI share one data dir', () => {
  it('names the app Fidelis, the folder the CLI uses by default (Electron derives userData from productName)', () => {
    expect(packageJson.productName).toBe('Fidelis');
    expect(defaultDataDir({}, 'linux')).toBe(join(homedir(), '.config', packageJson.productName));
  });
});

describe('finding an Electron runtime for npm start', () => {
  const fakeElectron = (withBinary: boolean): string => {
    const root = tempDir();
    const electron = join(root, 'node_modules', 'electron');
    mkdirSync(join(electron, 'dist'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{}');
    writeFileSync(join(electron, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0' }));
    if (withBinary) {
      writeFileSync(join(electron, 'path.txt'), 'electron');
      writeFileSync(join(electron, 'dist', 'electron'), '');
    }
    return root;
  };

  it('reports why when the binary was never downloaded, without loading the electron package', () => {
    const found = findElectronBinary(fakeElectron(false), {});
    expect(found).toEqual({ found: false, reason: expect.stringContaining('never downloaded') });
  });

  it('finds the binary named by path.txt', () => {
    const root = fakeElectron(true);
    expect(findElectronBinary(root, {})).toEqual({ found: true, path: join(root, 'node_modules', 'electron', 'dist', 'electron'), distDir: join(root, 'node_modules', 'electron', 'dist') });
  });

  it('needs a display on Linux but not on Windows or macOS', () => {
    expect(findDisplay({}, 'linux').found).toBe(false);
    expect(findDisplay({ DISPLAY: ':99' }, 'linux').found).toBe(true);
    expect(findDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux').found).toBe(true);
    expect(findDisplay({}, 'win32').found).toBe(true);
  });
});
