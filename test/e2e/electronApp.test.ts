// End to end in the real desktop app: packages Fidelis with the Electron binary found here (native module rebuilt for
// it), launches it with Playwright's Electron support and runs the teller journey. Skipped, with the reason printed,
// only where no Electron binary can be found (as on our build machines, which cannot download it).

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findDisplay, findElectronBinary, unpackedExecutable } from '../../scripts/electronRuntime.js';
import { packageApp, ROOT, stageApp } from '../integration/electron/electronStaging.js';
import { ADMIN, signIn, signOut, TELLER } from './support/staffSession.js';

const electron = findElectronBinary(ROOT);
const noElectron = !electron.found;
if (!electron.found) {
  console.log(`[electron e2e] skipped: no Electron binary (${electron.reason}). Where Electron is installed, run: npx vitest run test/e2e/electronApp.test.ts`);
}

let stage: string;
let executable: string;
let xvfb: ChildProcess | undefined;
const env: NodeJS.ProcessEnv = { ...process.env };

/** Linux without a display gets a virtual one (Xvfb), so the test runs headless in CI. */
async function ensureDisplay(): Promise<void> {
  if (findDisplay().found) return;
  const display = `:${90 + (process.pid % 9)}`;
  xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  await new Promise<void>((resolve, reject) => {
    xvfb!.once('error', (error) => reject(new Error(`No display and Xvfb could not start (apt-get install xvfb): ${error.message}`)));
    setTimeout(resolve, 500);
  });
  env.DISPLAY = display;
}

async function launch(dataDir: string): Promise<{ app: ElectronApplication; page: Page }> {
  // Root cannot use Chromium's setuid sandbox; the renderer sandbox (webPreferences.sandbox) stays on either way.
  const args = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
  const app = await _electron.launch({ executablePath: executable, args, env: { ...env, FIDELIS_DATA_DIR: dataDir }, timeout: 60_000 });
  const page = await app.firstWindow();
  page.setDefaultTimeout(15_000);
  return { app, page };
}

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

/** Creates the first administrator through the app, adds the teller on the Staff screen, and signs in as the teller. */
async function bootstrapWithTeller(page: Page): Promise<void> {
  const bootstrap = page.getByRole('form', { name: 'Create the first administrator' });
  await bootstrap.getByLabel('Username').fill(ADMIN.username);
  await bootstrap.getByLabel('Display name').fill(ADMIN.displayName);
  await bootstrap.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await bootstrap.getByLabel('Password again').fill(ADMIN.password);
  await bootstrap.getByLabel('Password again').press('Enter');
  await page.getByRole('link', { name: 'Staff', exact: true }).click();
  const add = page.getByRole('form', { name: 'Add a person' });
  await add.getByLabel('Username').fill(TELLER.username);
  await add.getByLabel('Display name').fill(TELLER.displayName);
  await add.getByLabel('Initial password', { exact: true }).fill(TELLER.password);
  await add.getByLabel('Initial password again').fill(TELLER.password);
  await add.getByRole('button', { name: 'Add person' }).click();
  await page.getByRole('row').filter({ hasText: TELLER.displayName }).waitFor();
  await signOut(page);
  await signIn(page, TELLER);
  await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
}

beforeAll(async () => {
  if (!electron.found) return;
  await ensureDisplay();
  stage = mkdtempSync(join(tmpdir(), 'fidelis-electron-e2e-'));
  const app = join(stage, 'app');
  // better-sqlite3 is rebuilt for Electron during packaging: in a copy, never in the checkout's node_modules.
  stageApp(app, ['better-sqlite3']);
  packageApp(app, join(stage, 'release'), [`-c.electronDist=${electron.distDir}`]);
  executable = unpackedExecutable(join(stage, 'release'));
}, 900_000);

afterAll(() => {
  xvfb?.kill();
  if (stage) rmSync(stage, { recursive: true, force: true });
});

describe('the desktop app', () => {
  it.skipIf(noElectron)('runs the teller journey, keeps the renderer sandboxed and keeps the ledger across a restart', async () => {
    const dataDir = join(stage, 'data');
    const { app, page } = await launch(dataDir);
    try {
      expect(page.url()).toMatch(/^app:\/\/fidelis\//);
      // The page sees the API bridge and nothing of Node or Electron.
      expect(await page.evaluate(() => ({ bridge: Object.keys((window as unknown as { fidelis: object }).fidelis).sort(), require: typeof (window as unknown as { require?: unknown }).require, process: typeof (window as unknown as { process?: unknown }).process }))).toEqual({
        bridge: ['invoke', 'subscribe'],
        require: 'undefined',
        process: 'undefined',
      });
      // One window, on our own origin.
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((window) => window.webContents.getURL()))).toEqual([expect.stringMatching(/^app:\/\/fidelis\//)]);

      // A new workstation: the first administrator, who adds a teller; the teller posts (an administrator cannot).
      await bootstrapWithTeller(page);
      await page.getByRole('heading', { name: 'Today' }).waitFor();
      await page.getByRole('link', { name: 'Accounts', exact: true }).click();
      const open = page.getByRole('form', { name: 'Open an account', exact: true });
      await open.getByLabel('Account number', { exact: true }).fill('DESK-001');
      await open.getByLabel('Holder', { exact: true }).fill('Grace Hopper');
      await open.getByLabel('Opening deposit (USD)').fill('1000');
      await open.getByLabel('Opening deposit (USD)').press('Enter');
      await page.getByRole('heading', { name: /Grace Hopper/ }).waitFor();
      await eventually(() => page.getByTestId('ledger-balance').textContent()).toBe('1,000.00 USD');

      const deposit = page.getByRole('form', { name: 'Deposit', exact: true });
      await deposit.getByLabel('Amount (USD)').fill('250.75');
      await deposit.getByLabel('Amount (USD)').press('Enter');
      await eventually(() => page.getByTestId('ledger-balance').textContent()).toBe('1,250.75 USD');
    } finally {
      // Quitting drains the append queue and closes the store before the process exits.
      await app.close();
    }
    expect(existsSync(join(dataDir, 'window-state.json'))).toBe(true);

    const again = await launch(dataDir);
    try {
      // A restart ends every session: the teller signs in again.
      await signIn(again.page, TELLER);
      await again.page.getByRole('link', { name: 'Accounts', exact: true }).click();
      await again.page.getByText('Grace Hopper').first().click();
      await eventually(() => again.page.getByTestId('ledger-balance').textContent()).toBe('1,250.75 USD');
    } finally {
      await again.app.close();
    }
  });
});
