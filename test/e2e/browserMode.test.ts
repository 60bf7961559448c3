// End to end: the real renderer in headless Chromium against browser mode (`npm run serve`) on a fresh on-disk data dir.

import AxeBuilder from '@axe-core/playwright';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { serveFidelis, type ServedFidelis } from './support/browserMode.js';
import { launchChromium } from './support/chromium.js';
import { ensureRendererBuilt, ROOT } from './support/rendererBuild.js';

const SCREENSHOTS = join(ROOT, '.test-artifacts/screenshots');

let served: ServedFidelis;
let browser: Browser;
let page: Page;
let dataDir: string;
let accountUrl = '';
const pageErrors: string[] = [];

async function newPage(): Promise<Page> {
  // axe needs pages made from a context it can open more pages in.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  const created = await context.newPage();
  created.on('pageerror', (error) => pageErrors.push(error.message));
  return created;
}

const shoot = (target: Page, name: string) => target.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

async function seriousViolations(target: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page: target }).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Waits for the screen to show a value: live updates and re-reads take a moment. */
const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 100 });

const form = (target: Page, name: string) => target.getByRole('form', { name, exact: true });
const balance = (target: Page) => target.getByTestId('ledger-balance');
const timelineCount = (target: Page) => target.locator('#timeline-title .list-count');

beforeAll(async () => {
  ensureRendererBuilt();
  mkdirSync(SCREENSHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'fidelis-e2e-'));
  served = await serveFidelis(dataDir);
  browser = await launchChromium();
  page = await newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('browser mode in Chromium', () => {
  it('shows an empty dashboard on a fresh data dir', async () => {
    await page.goto(served.url);
    await page.getByRole('heading', { name: 'Today' }).waitFor();
    await page.getByText('No deposits or withdrawals yet today.').waitFor();
    await eventually(() => page.getByRole('status').filter({ hasText: 'Connected' }).count()).toBe(1);
  });

  it('opens an account from the Accounts screen and shows it', async () => {
    await page.getByRole('link', { name: 'Accounts', exact: true }).click();
    await page.getByText('No accounts yet').waitFor();
    const open = form(page, 'Open an account');
    await open.getByLabel('Account number', { exact: true }).fill('ACC-001');
    await open.getByLabel('Holder', { exact: true }).fill('Ada Lovelace');
    await open.getByLabel('Opening deposit (USD)').fill('1000');
    await open.getByLabel('Opening deposit (USD)').press('Enter');
    await page.getByRole('heading', { name: /Ada Lovelace/ }).waitFor();
    await eventually(() => balance(page).textContent()).toBe('1,000.00 USD');
    await eventually(() => timelineCount(page).textContent()).toBe('(1 event)');
    accountUrl = page.url();
    expect(accountUrl).toMatch(/#\/accounts\/.+/);
  });

  it('posts a deposit, and the timeline and dashboard in other windows update live', async () => {
    const watcher = await newPage();
    await watcher.goto(accountUrl);
    await eventually(() => balance(watcher).textContent()).toBe('1,000.00 USD');
    const dashboard = await newPage();
    await dashboard.goto(served.url);
    await eventually(() => dashboard.getByTestId('deposits-USD').textContent()).toBe('1 · 1,000.00 USD');

    const deposit = form(page, 'Deposit');
    await deposit.getByLabel('Amount (USD)').fill('500');
    await deposit.getByLabel('Source').selectOption('wire');
    await deposit.getByLabel('Amount (USD)').press('Enter');
    await eventually(() => balance(page).textContent()).toBe('1,500.00 USD');

    // The other windows were not reloaded: they follow the store through their subscriptions.
    await eventually(() => balance(watcher).textContent()).toBe('1,500.00 USD');
    await eventually(() => timelineCount(watcher).textContent()).toBe('(2 events)');
    await eventually(() => watcher.locator('[data-version="1"]').textContent()).toContain('+500.00');
    await eventually(() => dashboard.getByTestId('deposits-USD').textContent()).toBe('2 · 1,500.00 USD');
    await dashboard.getByRole('cell', { name: 'wire' }).waitFor();
    await shoot(dashboard, 'dashboard');
    expect(await seriousViolations(dashboard)).toEqual([]);
    await watcher.close();
    await dashboard.close();
  });

  it('refuses a withdrawal past the balance on the amount field and stores nothing', async () => {
    const withdrawal = form(page, 'Withdrawal');
    const amount = withdrawal.getByLabel('Amount (USD)');
    await amount.fill('5000');
    await amount.press('Enter');
    await withdrawal.getByText(/Insufficient funds/).waitFor();
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await amount.getAttribute('aria-describedby'))!;
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toMatch(/Insufficient funds: 5000\.00 USD requested, 1500\.00 available/);
    await page.reload();
    await eventually(() => balance(page).textContent()).toBe('1,500.00 USD');
    expect(await page.getByTestId('account-version').textContent()).toBe('1');
    await eventually(() => timelineCount(page).textContent()).toBe('(2 events)');
  });

  it('withdraws within the balance and shows the running balance on the timeline', async () => {
    const withdrawal = form(page, 'Withdrawal');
    await withdrawal.getByLabel('Amount (USD)').fill('200.50');
    await withdrawal.getByLabel('Reference (optional)').fill('rent');
    await withdrawal.getByLabel('Reference (optional)').press('Enter');
    await eventually(() => balance(page).textContent()).toBe('1,299.50 USD');
    await eventually(() => timelineCount(page).textContent()).toBe('(3 events)');
    const newest = page.locator('[data-version="2"]');
    await eventually(() => newest.textContent()).toContain('−200.50');
    expect(await newest.textContent()).toContain('1,299.50');
    expect(await newest.textContent()).toContain('ref rent');
    await shoot(page, 'account');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('shows the account at an earlier version, read-only and clearly marked', async () => {
    const control = form(page, 'Point in time');
    await control.getByLabel(/^Version/).fill('1');
    await control.getByLabel(/^Version/).press('Enter');
    await page.getByText('Read-only: the account as it was at version 1').waitFor();
    await eventually(() => balance(page).textContent()).toBe('1,500.00 USD');
    await eventually(() => timelineCount(page).textContent()).toBe('(2 events)');
    expect(await form(page, 'Deposit').count()).toBe(0);
    expect(await form(page, 'Withdrawal').count()).toBe(0);
    await shoot(page, 'account-at-version-1');
    expect(await seriousViolations(page)).toEqual([]);
    await control.getByLabel(/^Version/).press('Escape');
    await eventually(() => balance(page).textContent()).toBe('1,299.50 USD');
  });

  it('shows the same data after a reload', async () => {
    await page.reload();
    await eventually(() => balance(page).textContent()).toBe('1,299.50 USD');
    await eventually(() => timelineCount(page).textContent()).toBe('(3 events)');
    expect(await page.getByTestId('account-version').textContent()).toBe('2');
  });

  it('closes an empty account only after confirmation; Esc cancels', async () => {
    await page.goto(`${served.url}#/accounts`);
    const open = form(page, 'Open an account');
    await open.getByLabel('Account number', { exact: true }).fill('ACC-002');
    await open.getByLabel('Holder', { exact: true }).fill('Grace Hopper');
    await open.getByLabel('Account number', { exact: true }).press('Enter');
    await page.getByRole('heading', { name: /Grace Hopper/ }).waitFor();
    await page.getByRole('button', { name: 'Close account…' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Close account ACC-002?' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Close account…' }).click();
    await dialog.getByRole('button', { name: 'Close account' }).click();
    await page.getByText('This account is closed').waitFor();
    expect(await page.getByTestId('account-version').textContent()).toBe('1');
  });

  it('finds accounts by number or holder on the Accounts screen', async () => {
    await page.goto(`${served.url}#/accounts`);
    const search = page.getByLabel('Search by account number or holder');
    await search.fill('grace');
    await eventually(() => page.locator('.list-count').first().textContent()).toBe('1 account matching “grace”');
    await page.getByRole('link', { name: 'ACC-002' }).waitFor();
    await search.fill('acc-00');
    await eventually(() => page.locator('.list-count').first().textContent()).toBe('2 accounts matching “acc-00”');
    await search.press('Escape');
    await shoot(page, 'accounts');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('raises a compliance alert for a deposit of 10,000.00, which a reviewer acknowledges, and the dashboard counts it', async () => {
    await page.goto(accountUrl);
    const deposit = form(page, 'Deposit');
    await deposit.getByLabel('Amount (USD)').fill('10000');
    await deposit.getByLabel('Amount (USD)').press('Enter');
    await eventually(() => balance(page).textContent()).toBe('11,299.50 USD');
    await page.goto(`${served.url}#/compliance`);
    // The compliance handler runs after the command has returned: the screen follows it live.
    const row = page.getByRole('row').filter({ hasText: 'LARGE_DEPOSIT' });
    await row.waitFor();
    expect(await row.textContent()).toContain('10,000.00');
    await shoot(page, 'compliance-alert');
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(served.url);
    await eventually(() => page.locator('.tile').filter({ hasText: 'Open alerts' }).locator('.tile__value').textContent()).toBe('1');
    await page.goto(`${served.url}#/compliance`);
    await row.getByRole('button', { name: /Acknowledge/ }).click();
    await page.getByText('No alerts to show.').waitFor();
    await page.getByLabel('Show').selectOption('acknowledged');
    await page.getByRole('row').filter({ hasText: 'Acknowledged by' }).waitFor();
  });

  it('previews today\'s CTR with the 10,000.00 cash deposit and exports it as csv on the Reports screen', async () => {
    await page.goto(`${served.url}#/reports`);
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Preview' }).click();
    const ctr = page.getByRole('region', { name: 'Section ctr' });
    await ctr.waitFor();
    expect(await ctr.textContent()).toContain('10000.00');
    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByText('Exported to').waitFor();
    expect(await page.locator('#export-title + div code').first().textContent()).toMatch(/exports[\\/]ctr_\d{4}-\d{2}-\d{2}_\d{8}T\d{6}Z\.csv$/);
    await page.getByText(/Exports and their manifests are written to/).waitFor();
    await shoot(page, 'reports');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('lists the subscriptions with their lag, dead letters and status on Operations', async () => {
    await page.goto(`${served.url}#/operations`);
    for (const name of ['projection:AccountSummary', 'projection:BranchDashboard', 'compliance-alerts']) {
      await page.getByRole('row').filter({ hasText: name }).waitFor();
    }
    await eventually(() => page.getByRole('row').filter({ hasText: 'projection:AccountSummary' }).locator('.badge').textContent()).toBe('ok');
    // A rebuild from the screen runs to the store's head, its bar following it.
    await page.getByRole('button', { name: 'Rebuild AccountSummary' }).click();
    const rebuild = page.getByRole('listitem').filter({ hasText: 'AccountSummary' });
    await eventually(() => rebuild.textContent()).toMatch(/(\d+)\/\1 · [1-9]\d* dispatched, 0 skipped/);
    await shoot(page, 'operations');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('shows Transfers, Compliance, Operations and the Event explorer — working or "not available yet" — without accessibility problems', async () => {
    for (const [screen, heading] of [
      ['transfers', 'Transfers'],
      ['compliance', 'Compliance'],
      ['operations', 'Operations'],
      ['explorer', 'Event explorer'],
    ] as const) {
      await page.goto(`${served.url}#/${screen}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      // Each part of the screen either loads or says its capability is missing; none stays loading or fails.
      await eventually(() => page.locator('.state--loading').count()).toBe(0);
      expect(await page.locator('.state--error').allTextContents(), screen).toEqual([]);
      await shoot(page, screen);
      expect(await seriousViolations(page), screen).toEqual([]);
    }
    expect(pageErrors).toEqual([]);
  });

  it('refuses a WebSocket with a wrong token or from a foreign origin', async () => {
    const attempt = (token: string, origin: string) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(`${served.origin.replace('http', 'ws')}/api?token=${token}`, { origin });
        socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.on('open', () => (socket.close(), resolve(101)));
        socket.on('error', () => resolve(-1));
      });
    expect(await attempt('wrong-token', served.origin)).toBe(401);
    expect(await attempt(served.token, 'http://evil.example')).toBe(403);
    expect(await attempt(served.token, served.origin)).toBe(101);
  });
});
