// The built main process (out/main/index.js) run under Node with 'electron' replaced by a scripted stand-in, the
// boundary we cannot run here: it opens the ledger in the data dir, serves the renderer on app:// with the CSP, answers
// the API over IPC to our page only, opens one window, and on quit closes the store so a second start sees every deposit.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../main/electron/contentSecurityPolicy.js';
import { ROOT } from './electronStaging.js';

/** The stand-in: the parts of Electron main.ts uses, driving one scenario through the registered IPC handlers. */
const FAKE_ELECTRON = String.raw`
import { EventEmitter } from 'node:events';
const report = (entry) => process.stdout.write('FAKE ' + JSON.stringify(entry) + '\n');
const handlers = new Map();
let serve;
class App extends EventEmitter {
  name = 'Fidelis'; isPackaged = true; paths = { userData: '/nonexistent' };
  getPath(name) { return this.paths[name]; }
  setPath(name, value) { this.paths[name] = value; }
  requestSingleInstanceLock() { return true; }
  whenReady() { return Promise.resolve(); }
  exit(code) { report({ exit: code }); process.exit(code); }
}
export const app = new App();
export const ipcMain = { handle: (channel, handler) => handlers.set(channel, handler), removeHandler: (channel) => handlers.delete(channel), on() {}, removeListener() {} };
export const protocol = { registerSchemesAsPrivileged: (schemes) => report({ schemes }) };
export const session = { defaultSession: { protocol: { handle: (scheme, handler) => { serve = handler; } }, setPermissionRequestHandler() {}, setPermissionCheckHandler() {}, setDevicePermissionHandler() {} } };
export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
export const Menu = { buildFromTemplate: (template) => template, setApplicationMenu: (menu) => report({ menu: menu.map((item) => item.label) }) };
export const dialog = { showErrorBox: (title, message) => report({ error: title + ': ' + message }) };
export const shell = { openExternal: async () => {} };
export const net = { isOnline: () => true };
// A keychain stand-in: sealed text the ledger's key goes through, as safeStorage seals it with the OS keychain.
export const safeStorage = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (text) => Buffer.from('keychain:' + Buffer.from(text).toString('base64')),
  decryptString: (sealed) => Buffer.from(sealed.toString().slice('keychain:'.length), 'base64').toString(),
};
export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    report({ webPreferences: options.webPreferences });
    this.webContents = new EventEmitter();
    setTimeout(() => drive(this).catch((error) => { report({ error: String(error) }); process.exit(3); }), 0);
  }
  loadURL(url) { report({ loadURL: url }); return Promise.resolve(); }
  maximize() {} show() {} isMaximized() { return false; } getNormalBounds() { return { x: 10, y: 20, width: 1100, height: 700 }; }
}
// One page (webContents): one API connection, so one sign-in session.
const sender = { id: 1, on() {}, once() {}, isDestroyed: () => false, send() {} };
const call = (url, method, input) => handlers.get('fidelis:api:call')({ senderFrame: { url, parent: null }, sender }, method, input);
const password = 'correct horse battery';
async function drive(window) {
  const page = await serve({ method: 'GET', url: 'app://fidelis/index.html' });
  report({ index: { status: page.status, csp: page.headers.get('content-security-policy'), html: (await page.text()).includes('<div id="root">') } });
  const ours = 'app://fidelis/index.html';
  if (process.env.FAKE_SCENARIO === 'journey') {
    report({ attacker: await call('https://attacker.example/', 'account.open', { number: 'EVIL', holder: 'M', currency: 'USD' }) });
    // A new ledger: the first administrator, who adds a teller; the teller signs in and posts.
    await call(ours, 'auth.bootstrap', { username: 'admin', displayName: 'First Admin', password });
    await call(ours, 'staff.provision', { username: 'teller', displayName: 'Grace Teller', roles: ['teller'], password });
    report({ signedIn: await call(ours, 'auth.signIn', { username: 'teller', password }) });
    const opened = await call(ours, 'account.open', { number: 'MAIN-001', holder: 'Grace Hopper', currency: 'USD', openingDeposit: '1000' });
    const accountId = opened.result.accountId;
    const deposits = await Promise.all(['1.25', '2.50', '3.75'].map((amount) => call(ours, 'account.deposit', { accountId, amount })));
    report({ opened, deposits });
  } else {
    // A restart ends every session: the teller signs in again.
    report({ signedIn: await call(ours, 'auth.signIn', { username: 'teller', password }) });
    const list = await call(ours, 'accounts.list', {});
    const account = await call(ours, 'account.get', { accountId: list.result.items[0].accountId });
    report({ balance: account.result.account.balance });
  }
  window.emit('close');
  // Closing the last window quits; the shell must close the ledger before it exits.
  app.emit('window-all-closed');
}
`;

const HOOKS = `export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: new URL('./electron.mjs', import.meta.url).href, shortCircuit: true };
  return next(specifier, context);
}`;

let work: string;
let dataDir: string;

function startMain(scenario: 'journey' | 'read'): { status: number | null; reports: Record<string, unknown>[]; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', pathToFileURL(join(work, 'register.mjs')).href, join(work, 'out/main/index.js')], {
    cwd: ROOT,
    env: { ...process.env, FIDELIS_DATA_DIR: dataDir, FAKE_SCENARIO: scenario },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const reports = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('FAKE '))
    .map((line) => JSON.parse(line.slice(5)) as Record<string, unknown>);
  return { status: result.status, reports, stderr: result.stderr };
}

const find = (reports: Record<string, unknown>[], key: string): unknown => reports.find((entry) => key in entry)?.[key];

beforeAll(() => {
  // Inside the project, so the bundle's external imports resolve from its node_modules.
  mkdirSync(join(ROOT, '.test-artifacts'), { recursive: true });
  work = mkdtempSync(join(ROOT, '.test-artifacts', 'electron-main-'));
  dataDir = join(work, 'data');
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: ROOT,
    env: { ...process.env, FIDELIS_OUT_DIR: join(work, 'out') },
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.stdout}\n${build.stderr}`);
  writeFileSync(join(work, 'electron.mjs'), FAKE_ELECTRON);
  writeFileSync(join(work, 'hooks.mjs'), HOOKS);
  writeFileSync(join(work, 'register.mjs'), `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`);
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the built main process', () => {
  it('serves the renderer with the CSP, answers our page only, and closes the ledger on quit; a restart sees every deposit', () => {
    const first = startMain('journey');
    expect(first.status, first.stderr).toBe(0);
    expect(find(first.reports, 'schemes')).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(find(first.reports, 'webPreferences')).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, preload: expect.stringMatching(/out[\\/]preload[\\/]index\.cjs$/) });
    expect(find(first.reports, 'loadURL')).toBe('app://fidelis/index.html');
    expect(find(first.reports, 'menu')).toEqual(['&File', '&Edit', '&View', '&Window', '&Help']);
    expect(find(first.reports, 'index')).toEqual({ status: 200, csp: CONTENT_SECURITY_POLICY, html: true });
    expect(find(first.reports, 'attacker')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(find(first.reports, 'signedIn')).toMatchObject({ ok: true, result: { username: 'teller', roles: ['teller'] } });
    expect(find(first.reports, 'opened')).toMatchObject({ ok: true, result: { version: 0 } });
    expect(find(first.reports, 'deposits')).toEqual([expect.objectContaining({ ok: true }), expect.objectContaining({ ok: true }), expect.objectContaining({ ok: true })]);
    expect(find(first.reports, 'exit')).toBe(0);
    expect(JSON.parse(readFileSync(join(dataDir, 'window-state.json'), 'utf8'))).toEqual({ x: 10, y: 20, width: 1100, height: 700, maximized: false });
    // The ledger is encrypted with a key the keychain sealed, kept beside it; no key file.
    expect(JSON.parse(readFileSync(join(dataDir, 'data-key.json'), 'utf8'))).toMatchObject({ source: 'keychain' });
    expect(readFileSync(join(dataDir, 'data-key.sealed'), 'utf8')).toMatch(/^keychain:/);
    expect(existsSync(`${dataDir}.key`)).toBe(false);

    const second = startMain('read');
    expect(second.status, second.stderr).toBe(0);
    expect(find(second.reports, 'balance')).toBe('1007.50');
  }, 300_000);
});
