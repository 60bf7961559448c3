// Builds the desktop app and packages it with electron-builder (`--linux dir`) against a stub Electron, offline.
// One build, in a temporary copy of the project (out/ is left to browser mode), shared by every assertion below.
// The stub (a folder with the files electron-builder copies) is for offline CI only; real builds download Electron.

import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { extractFile, listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY, parseContentSecurityPolicy } from '../../../main/electron/contentSecurityPolicy.js';
import { IPC_CHANNELS } from '../../../main/electron/ipcChannels.js';
import { ELECTRON_VERSION, packageApp, ROOT, stageApp, stubElectron } from './electronStaging.js';

const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

let stage: string;
let app: string;
let unpacked: string;
let asarEntries: string[];

beforeAll(() => {
  stage = mkdtempSync(join(tmpdir(), 'fidelis-package-'));
  app = join(stage, 'app');
  stageApp(app);
  stubElectron(join(stage, 'electron'));
  packageApp(app, join(stage, 'release'), [`-c.electronDist=${join(stage, 'electron')}`, `-c.electronVersion=${ELECTRON_VERSION}`, '-c.npmRebuild=false'], '--linux');
  unpacked = join(stage, 'release', 'linux-unpacked');
  asarEntries = listPackage(join(unpacked, 'resources', 'app.asar'), { isPack: false }).map((entry) => entry.replaceAll('\\', '/'));
}, 900_000);

afterAll(() => {
  if (stage) rmSync(stage, { recursive: true, force: true });
});

const built = (path: string): string => join(app, 'out', path);

/** Bare module specifiers the built main process imports (static and dynamic). */
function mainImports(): string[] {
  const code = readFileSync(built('main/index.js'), 'utf8');
  const specifiers = [...code.matchAll(/^\s*import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["']/gm), ...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]!);
  return [...new Set(specifiers)].filter((specifier) => !specifier.startsWith('.'));
}

const packageName = (specifier: string): string => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

describe('npm run build', () => {
  it('builds the main process, the sandboxed preload and the renderer', () => {
    for (const file of ['main/index.js', 'preload/index.cjs', 'renderer/index.html']) expect(existsSync(built(file)), file).toBe(true);
    expect(readdirSync(built('renderer/assets')).some((file) => file.endsWith('.js'))).toBe(true);
  });

  it('bakes the strict Content-Security-Policy into index.html, before any script', () => {
    const html = readFileSync(built('renderer/index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    expect(meta).not.toBeNull();
    const policy = meta![1]!.replaceAll('&#39;', "'");
    expect(policy).toBe(META_CONTENT_SECURITY_POLICY);
    const directives = parseContentSecurityPolicy(policy);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(policy).not.toMatch(/unsafe-/);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    // No inline script or style for the policy to forbid: everything loads from files.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|style="/);
    expect(parseContentSecurityPolicy(CONTENT_SECURITY_POLICY).get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('builds a preload that requires nothing but electron and exposes only window.fidelis', async () => {
    const required: string[] = [];
    const exposed = new Map<string, Record<string, unknown>>();
    const invoked: unknown[][] = [];
    const sentToMain: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.set(key, api) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => (invoked.push(args), { ok: true, result: null }),
        send: (...args: unknown[]) => sentToMain.push(args),
        on: () => {},
      },
    };
    const sandboxRequire = (id: string): unknown => {
      required.push(id);
      if (id === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require ${id}`);
    };
    const code = readFileSync(built('preload/index.cjs'), 'utf8');
    const module = { exports: {} };
    // A bare context: no process, Buffer or Node require, as in a sandboxed renderer.
    const wrapped = new Script(`(function (require, module, exports) {\n${code}\n})`).runInNewContext({ Math, Map, Promise, Error }) as (
      require: (id: string) => unknown,
      module: { exports: object },
      exports: object,
    ) => void;
    wrapped(sandboxRequire, module, module.exports);

    expect(new Set(required)).toEqual(new Set(['electron']));
    expect([...exposed.keys()]).toEqual(['fidelis']);
    const bridge = exposed.get('fidelis')!;
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'subscribe']);
    expect(await (bridge.invoke as (method: string, input: unknown) => Promise<unknown>)('accounts.list', { search: '' })).toEqual({ ok: true, result: null });
    expect(invoked).toEqual([[IPC_CHANNELS.call, 'accounts.list', { search: '' }]]);
    const stop = (bridge.subscribe as (topic: string, params: unknown, listener: () => void) => () => void)('store', {}, () => {});
    expect(invoked[1]).toEqual([IPC_CHANNELS.subscribe, expect.any(Number), 'store', {}]);
    stop();
    expect(sentToMain).toEqual([[IPC_CHANNELS.unsubscribe, invoked[1]![1]]]);
  });
});

describe('electron-builder --linux dir (stub Electron)', () => {
  it('packs the built app, the icon and package.json, and no sources, tests or source maps', () => {
    const topLevel = new Set(asarEntries.map((entry) => entry.split('/')[1]));
    expect(topLevel).toEqual(new Set(['build', 'node_modules', 'out', 'package.json']));
    const ours = asarEntries.filter((entry) => !entry.startsWith('/node_modules/'));
    expect(ours).toEqual(expect.arrayContaining(['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/build/icon.png', '/package.json']));
    expect(ours.filter((entry) => /\.(ts|tsx|map)$/.test(entry))).toEqual([]);
  });

  it('ships every module the main process imports, and the production dependencies', () => {
    const modules = new Set(asarEntries.filter((entry) => /^\/node_modules\/(@[^/]+\/)?[^/@]+$/.test(entry)).map((entry) => entry.slice('/node_modules/'.length)));
    const builtins = new Set(builtinModules);
    const external = mainImports().filter((specifier) => specifier !== 'electron' && !specifier.startsWith('node:') && !builtins.has(specifier));
    expect(external.length).toBeGreaterThan(0);
    for (const specifier of external) expect(modules.has(packageName(specifier)), specifier).toBe(true);
    for (const name of Object.keys(packageJson.dependencies)) expect(modules.has(name), name).toBe(true);
  });

  it('leaves out renderer libraries and build tools: Vite bundled them, and the app does not run them', () => {
    const modules = new Set(asarEntries.filter((entry) => /^\/node_modules\/(@[^/]+\/)?[^/@]+$/.test(entry)).map((entry) => entry.slice('/node_modules/'.length)));
    for (const name of ['react', 'react-dom', '@tanstack/react-virtual', 'electron', 'electron-builder', 'electron-vite', 'vite', 'vitest', 'typescript', 'playwright-core', 'jsdom']) {
      expect(packageJson.devDependencies).toHaveProperty([name]);
      expect(modules.has(name), name).toBe(false);
    }
    // The CLI, browser mode and the gateway run esbuild bundles built at install: no TypeScript runner ships.
    for (const name of ['tsx', 'esbuild']) expect(modules.has(name), name).toBe(false);
  });

  it("leaves out the gateway's database drivers and the in-memory IndexedDB of tests and demos", () => {
    const shipped = asarEntries.filter((entry) => entry.startsWith('/node_modules/'));
    for (const name of ['@electric-sql/pglite', 'pg', 'fake-indexeddb', '@fidelis/gateway', '@fidelis/payflow-simulator']) {
      expect(packageJson.dependencies).not.toHaveProperty([name]);
      expect(shipped.filter((entry) => entry === `/node_modules/${name}` || entry.startsWith(`/node_modules/${name}/`)), name).toEqual([]);
    }
    // The workspaces that declare them are no dependencies of the desktop app either.
    expect(shipped.filter((entry) => entry.startsWith('/node_modules/@fidelis/'))).toEqual([]);
  });

  it('unpacks better-sqlite3 beside the archive, so its native binding can load', () => {
    const unpackedSqlite = join(unpacked, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3');
    expect(existsSync(join(unpackedSqlite, 'package.json'))).toBe(true);
    expect(readdirSync(join(unpackedSqlite, 'build', 'Release'))).toEqual(['better_sqlite3.node']);
    // Its C sources and build objects stay behind: only the JavaScript and the binding run.
    expect(existsSync(join(unpackedSqlite, 'deps'))).toBe(false);
    expect(existsSync(join(unpackedSqlite, 'lib', 'index.js'))).toBe(true);
  });

  it('names the executable and points the packaged package.json at the built main', () => {
    expect(existsSync(join(unpacked, 'fidelis'))).toBe(true);
    const packaged = JSON.parse(extractFile(join(unpacked, 'resources', 'app.asar'), 'package.json').toString('utf8')) as { main: string; productName: string };
    expect(packaged).toMatchObject({ main: 'out/main/index.js', productName: 'Fidelis' });
    expect(asarEntries).toContain(`/${packaged.main}`);
  });
});
