// End to end: the real renderer in headless Chromium against browser mode (`npm run serve`) on a fresh on-disk data dir.

import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { serveFidelis, type ServedFidelis } from './support/browserMode.js';
import { launchChromium } from './support/chromium.js';
import { ensureRendererBuilt, ROOT } from './support/rendererBuild.js';
import { ADMIN, COMPLIANCE, openSignedIn, signIn, signOut, SUPERVISOR, TELLER, type E2eUser } from './support/staffSession.js';

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

/** A whole page; a modal (dialog, lock screen) as the window shows it, since its backdrop covers the window, not the page. */
const shoot = (target: Page, name: string, options: { window?: boolean } = {}) => target.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: !options.window });

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
  // A lower password-hashing cost than a workstation's: the journeys sign in a dozen times.
  writeFileSync(join(dataDir, 'settings.json'), `${JSON.stringify({ kdfLog2Cost: 12 })}\n`);
  served = await serveFidelis(dataDir);
  browser = await launchChromium();
  page = await newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await served?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A page of its own for one person, signed in once (each page is a tab with its own session). */
async function pageOf(user: E2eUser, url = served.url): Promise<Page> {
  const created = await newPage();
  await openSignedIn(created, url, user);
  return created;
}

describe('browser mode in Chromium', () => {
  it('creates the first administrator on a fresh data dir, who starts on the Staff screen', async () => {
    await page.goto(served.url);
    const bootstrap = page.getByRole('form', { name: 'Create the first administrator' });
    await bootstrap.waitFor();
    await eventually(() => page.getByRole('status').filter({ hasText: 'Connected' }).count()).toBe(1);
    await bootstrap.getByLabel('Username').fill(ADMIN.username);
    await bootstrap.getByLabel('Display name').fill(ADMIN.displayName);
    await bootstrap.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await bootstrap.getByLabel('Password again').fill('not the same passphrase');
    await bootstrap.getByRole('button', { name: /Create administrator/ }).click();
    await bootstrap.getByText('The two passwords differ').waitFor();
    await shoot(page, 'sign-in-first-administrator');
    expect(await seriousViolations(page)).toEqual([]);
    await bootstrap.getByLabel('Password again').fill(ADMIN.password);
    await bootstrap.getByLabel('Password again').press('Enter');
    await page.getByTestId('signed-in-user').filter({ hasText: 'Ada Admin' }).waitFor();
    await page.getByRole('heading', { name: 'Staff', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByText('No deposits or withdrawals yet today.').waitFor();
  });

  it('lets the administrator add a teller, a supervisor and compliance staff on the Staff screen', async () => {
    await page.getByRole('link', { name: 'Staff', exact: true }).click();
    const add = page.getByRole('form', { name: 'Add a person' });
    for (const user of [TELLER, SUPERVISOR, COMPLIANCE]) {
      await add.getByLabel('Username').fill(user.username);
      await add.getByLabel('Display name').fill(user.displayName);
      for (const role of ['Teller', 'Supervisor', 'Compliance', 'Administrator']) {
        const box = add.getByRole('checkbox', { name: role });
        if ((await box.isChecked()) !== user.roles.includes(role.toLowerCase() as E2eUser['roles'][number])) await box.click();
      }
      await add.getByLabel('Initial password', { exact: true }).fill(user.password);
      await add.getByLabel('Initial password again').fill(user.password);
      await add.getByRole('button', { name: 'Add person' }).click();
      await add.getByText(`${user.displayName} (${user.username}) can now sign in`).waitFor();
      await page.getByRole('row').filter({ hasText: user.displayName }).waitFor();
    }
    expect(await page.getByRole('row').filter({ hasText: 'Tom Teller' }).textContent()).toContain('Teller');
    await shoot(page, 'staff');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('refuses a wrong password clearly, then signs the teller in', async () => {
    await signOut(page);
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('Username').fill(TELLER.username);
    await form.getByLabel('Password').fill('not my passphrase');
    await form.getByLabel('Password').press('Enter');
    await form.getByRole('alert').waitFor();
    expect(await form.getByRole('alert').textContent()).toMatch(/password/i);
    expect(await page.getByRole('navigation').count()).toBe(0);
    await shoot(page, 'sign-in');
    expect(await seriousViolations(page)).toEqual([]);
    await signIn(page, TELLER);
    expect(await page.getByTestId('signed-in-user').textContent()).toBe('Tom Teller (tom) · Teller');
    // The address still named the Staff screen the administrator left: the teller starts on their own instead.
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    expect(await page.getByText('Your role does not give access to this screen').count()).toBe(0);
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
    const watcher = await pageOf(TELLER, accountUrl);
    await eventually(() => balance(watcher).textContent()).toBe('1,000.00 USD');
    const dashboard = await pageOf(SUPERVISOR, `${served.url}#/dashboard`);
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
    await dashboard.getByRole('cell', { name: 'Wire' }).waitFor();
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
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toMatch(/Insufficient funds: 5,000\.00 USD requested, 1,500\.00 USD available/);
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
    const reviewer = await pageOf(COMPLIANCE, `${served.url}#/compliance`);
    // The compliance handler runs after the command has returned: the screen follows it live.
    const row = reviewer.getByRole('row').filter({ hasText: 'Large deposit' });
    await row.waitFor();
    expect(await row.textContent()).toContain('10,000.00 USD');
    expect(await row.textContent()).toContain('ACC-001');
    await shoot(reviewer, 'compliance-alert');
    expect(await seriousViolations(reviewer)).toEqual([]);
    await reviewer.goto(served.url);
    await eventually(() => reviewer.locator('.tile').filter({ hasText: 'Open alerts' }).locator('.tile__value').textContent()).toBe('1');
    await reviewer.goto(`${served.url}#/compliance`);
    await row.getByRole('button', { name: /Acknowledge/ }).click();
    const acknowledge = reviewer.getByRole('dialog', { name: 'Acknowledge the alert' });
    await acknowledge.getByLabel('Note').fill('Inheritance, probate papers seen');
    await acknowledge.getByRole('button', { name: 'Acknowledge' }).click();
    await reviewer.getByText('No alerts to show.').waitFor();
    await reviewer.getByLabel('Show').selectOption('acknowledged');
    const acknowledged = reviewer.getByRole('row').filter({ hasText: 'Acknowledged by' });
    await acknowledged.waitFor();
    expect(await acknowledged.textContent()).toContain('cora');
    expect(await acknowledged.textContent()).toContain('Inheritance, probate papers seen');
    await reviewer.close();
  });

  it('holds a withdrawal over the dual-control amount until a supervisor approves it on the same screen', async () => {
    await page.goto(accountUrl);
    await eventually(() => balance(page).textContent()).toBe('11,299.50 USD');
    const withdrawal = form(page, 'Withdrawal');
    await withdrawal.getByLabel('Amount (USD)').fill('10500');
    await withdrawal.getByLabel('Reference (optional)').fill('car');
    await withdrawal.getByLabel('Amount (USD)').press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Supervisor approval needed' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Withdrawal of 10,500.00 USD');
    // Nothing is posted while the approval is asked for.
    expect(await page.getByTestId('account-version').textContent()).toBe('3');
    await dialog.getByLabel('Supervisor username').fill(SUPERVISOR.username);
    await dialog.getByLabel('Supervisor password').fill('a wrong passphrase');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await dialog.getByRole('alert').waitFor();
    await shoot(page, 'approval-dialog', { window: true });
    expect(await seriousViolations(page)).toEqual([]);
    // The teller cannot approve their own withdrawal.
    await dialog.getByLabel('Supervisor username').fill(TELLER.username);
    await dialog.getByLabel('Supervisor password').fill(TELLER.password);
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await eventually(() => dialog.getByRole('alert').textContent()).not.toMatch(/^$/);
    expect(await page.getByTestId('account-version').textContent()).toBe('3');
    await dialog.getByLabel('Supervisor username').fill(SUPERVISOR.username);
    await dialog.getByLabel('Supervisor password').fill(SUPERVISOR.password);
    await dialog.getByLabel('Supervisor password').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await withdrawal.getByText('Withdrawal of 10,500.00 USD recorded. Approved by sue.').waitFor();
    await eventually(() => balance(page).textContent()).toBe('799.50 USD');
    await eventually(() => page.locator('[data-version="4"]').textContent()).toContain('−10,500.00');
    // The teller posted it and the supervisor approved it: the timeline names both.
    expect(await page.locator('[data-version="4"]').textContent()).toContain('tom · approved by sue');
  });

  it('lets a supervisor reverse a withdrawal with a reason, and the timeline shows both rows', async () => {
    const supervisor = await pageOf(SUPERVISOR, accountUrl);
    await eventually(() => balance(supervisor).textContent()).toBe('799.50 USD');
    const rent = supervisor.locator('[data-version="2"]');
    await rent.getByRole('button', { name: 'Reverse version 2' }).click();
    const dialog = supervisor.getByRole('dialog', { name: /Reverse the withdrawal at version 2/ });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Reverse' }).click();
    await dialog.getByText('Say why this movement is reversed.').waitFor();
    await dialog.getByLabel('Reason').fill('Rent was paid by transfer: this cash withdrawal was keyed in error');
    await dialog.getByRole('button', { name: 'Reverse' }).click();
    await dialog.waitFor({ state: 'detached' });
    await eventually(() => balance(supervisor).textContent()).toBe('1,000.00 USD');
    await eventually(() => supervisor.locator('[data-version="5"]').textContent()).toContain('Reversal of v2');
    expect(await supervisor.locator('[data-version="5"]').textContent()).toContain('keyed in error');
    await eventually(() => rent.textContent()).toContain('Reversed by v5');
    expect(await rent.getByRole('button', { name: 'Reverse version 2' }).count()).toBe(0);
    await shoot(supervisor, 'reversal');
    expect(await seriousViolations(supervisor)).toEqual([]);
    await supervisor.close();
    // The teller's window follows live and offers no Reverse at all.
    await eventually(() => balance(page).textContent()).toBe('1,000.00 USD');
    expect(await page.getByRole('button', { name: /^Reverse version/ }).count()).toBe(0);
  });

  it('shows a teller neither Staff nor Operations, and refuses those screens by address', async () => {
    await page.goto(served.url);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Dashboard' }).waitFor();
    const links = await nav.getByRole('link').allTextContents();
    expect(links).not.toContain('Staff');
    expect(links).not.toContain('Operations');
    expect(links).toContain('Payments');
    await page.goto(`${served.url}#/staff`);
    await page.getByText('Your role does not give access to this screen').waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
  });

  it('locks the screen, shows nothing of the ledger behind it, and opens again with the password', async () => {
    await page.goto(accountUrl);
    await eventually(() => balance(page).textContent()).toBe('1,000.00 USD');
    await page.getByRole('banner').getByRole('button', { name: 'Lock' }).click();
    const lock = page.getByRole('form', { name: 'Locked' });
    await lock.waitFor();
    expect(await balance(page).count()).toBe(0);
    expect(await page.getByRole('navigation').count()).toBe(0);
    expect(await page.getByText('Ada Lovelace').count()).toBe(0);
    await shoot(page, 'lock');
    expect(await seriousViolations(page)).toEqual([]);
    // A reload does not open a locked screen.
    await page.reload();
    await lock.waitFor();
    await lock.getByLabel('Password').fill('not my passphrase');
    await lock.getByLabel('Password').press('Enter');
    await lock.getByRole('alert').waitFor();
    await lock.getByLabel('Password').fill(TELLER.password);
    await lock.getByLabel('Password').press('Enter');
    await eventually(() => balance(page).textContent()).toBe('1,000.00 USD');
  });

  it('sends a payment to another bank and lists it with its status and PayFlow\'s status', async () => {
    await page.goto(`${served.url}#/payments`);
    await page.getByRole('heading', { name: 'Payments', level: 1 }).waitFor();
    await page.getByLabel('PayFlow status').waitFor();
    const send = page.getByRole('form', { name: 'Send a payment to another bank' });
    await send.getByRole('button', { name: 'Send payment' }).click();
    await send.getByText("Enter the beneficiary's name.").waitFor();
    const accountId = decodeURIComponent(accountUrl.split('#/accounts/')[1]!);
    await send.getByLabel('From account').fill(accountId);
    await send.getByText('ACC-001 · Ada Lovelace · USD').waitFor();
    await send.getByLabel('Amount (USD)').fill('120.00');
    await send.getByLabel('Beneficiary name').fill('Grace Hopper');
    await send.getByLabel('Beneficiary account number').fill('DE89370400440532013000');
    await send.getByLabel('Bank code').fill('COBADEFF');
    await send.getByLabel('Memo (optional)').fill('Invoice 2026-117');
    await send.getByRole('button', { name: 'Send payment' }).click();
    await send.getByText(/Payment of 120\.00 USD to Grace Hopper is/).waitFor();
    const row = page.getByRole('table', { name: 'Payments' }).getByRole('row').filter({ hasText: 'Grace Hopper' });
    await row.waitFor();
    expect(await row.textContent()).toContain('120.00 USD');
    expect(await row.locator('.badge').textContent()).toMatch(/^(Held|Queued|Submitted|Completed|Failed)$/);
    await shoot(page, 'payments');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('tab', { name: 'Reconciliation' }).click();
    await page.getByRole('heading', { name: /^Items for / }).waitFor();
    await eventually(() => page.locator('.state--loading').count()).toBe(0);
    await shoot(page, 'payments-reconciliation');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('previews today\'s CTR with the 10,000.00 cash deposit and exports it as csv on the Reports screen', async () => {
    const reports = await pageOf(COMPLIANCE, `${served.url}#/reports`);
    await reports.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await reports.getByRole('button', { name: 'Preview' }).click();
    const ctr = reports.getByRole('region', { name: 'CTR lines' });
    await ctr.waitFor();
    expect(await ctr.textContent()).toContain('10,000.00 USD');
    await reports.getByRole('button', { name: 'Export' }).click();
    await reports.getByText('Exported to').waitFor();
    expect(await reports.locator('#export-title + div code').first().textContent()).toMatch(/exports[\\/]ctr_\d{4}-\d{2}-\d{2}_\d{8}T\d{6}Z\.csv$/);
    await reports.getByText(/Exports and their manifests are written to/).waitFor();
    await shoot(reports, 'reports');
    expect(await seriousViolations(reports)).toEqual([]);
    await reports.close();
  });

  it('lists the subscriptions with their lag, dead letters and status on Operations', async () => {
    const operations = await pageOf(ADMIN, `${served.url}#/operations`);
    for (const name of ['projection:AccountSummary', 'projection:BranchDashboard', 'compliance-alerts']) {
      await operations.getByRole('row').filter({ hasText: name }).waitFor();
    }
    await eventually(() => operations.getByRole('row').filter({ hasText: 'projection:AccountSummary' }).locator('.badge').textContent()).toBe('OK');
    // A rebuild from the screen runs to the store's head, its bar following it.
    await operations.getByRole('button', { name: 'Rebuild AccountSummary' }).click();
    const rebuild = operations.getByRole('listitem').filter({ hasText: 'AccountSummary' });
    await eventually(() => rebuild.textContent()).toMatch(/(\d+)\/\1 · [1-9]\d* dispatched, 0 skipped/);
    await shoot(operations, 'operations');
    expect(await seriousViolations(operations)).toEqual([]);
    await operations.close();
  });

  it('shows Transfers, Compliance, Operations, the Event explorer and Sync to a role that has each, every part of them working, without accessibility problems', async () => {
    const pages = new Map<E2eUser, Page>([[TELLER, page]]);
    for (const [screen, heading, user] of [
      ['transfers', 'Transfers', TELLER],
      ['compliance', 'Compliance', COMPLIANCE],
      ['operations', 'Operations', ADMIN],
      ['explorer', 'Event explorer', TELLER],
      ['sync', 'Sync', SUPERVISOR],
    ] as const) {
      if (!pages.has(user)) pages.set(user, await pageOf(user));
      const shown = pages.get(user)!;
      await shown.goto(`${served.url}#/${screen}`);
      await shown.getByRole('heading', { name: heading, level: 1 }).waitFor();
      // Every part of the screen loads: none stays loading or fails.
      await eventually(() => shown.locator('.state--loading').count()).toBe(0);
      expect(await shown.locator('.state--error').allTextContents(), screen).toEqual([]);
      await shoot(shown, screen);
      expect(await seriousViolations(shown), screen).toEqual([]);
    }
    for (const [user, opened] of pages) if (user !== TELLER) await opened.close();
    expect(pageErrors).toEqual([]);
  }, 90_000);

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
