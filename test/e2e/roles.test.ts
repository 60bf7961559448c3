// End to end in Chromium, per role: each person lands on their own start screen, every navigation link they see opens a
// screen they may use (screenshot and axe for each), and a teller's day goes by keyboard alone, with focus always
// visible and no dead tab stops.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, COMPLIANCE, openSignedIn, signIn, SUPERVISOR, TELLER, type E2eUser } from './support/staffSession.js';
import { ARTIFACTS, SCREENSHOTS, seriousViolations, startStage, type Stage } from './support/stage.js';

let stage: Stage;

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 100 });
/** The account the seeded teller worked on, with a deposit, an approved withdrawal and a transfer. */
let seeded: { accountId: string; approvedVersion: number };

/** Waits until every part of the screen has loaded, then checks nothing failed or was refused. */
async function settled(page: Page, what: string): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await eventually(() => page.locator('.state--loading').count()).toBe(0);
  expect(await page.locator('.state--error').allTextContents(), what).toEqual([]);
  expect(await page.getByText('does not give access').count(), what).toBe(0);
}

beforeAll(async () => {
  stage = await startStage('roles', [TELLER, SUPERVISOR, COMPLIANCE]);
  seeded = await seedLedger();
}, 180_000);

afterAll(async () => {
  await stage?.stop();
});

/** A morning at the counter, through the same API the screens use. */
async function seedLedger(): Promise<{ accountId: string; approvedVersion: number }> {
  const teller = await stage.signedInSocket(TELLER);
  const { accountId } = await teller.call<{ accountId: string }>('account.open', { number: 'ACC-100', holder: 'Ada Lovelace', currency: 'USD', openingDeposit: '2500.00' });
  const other = await teller.call<{ accountId: string }>('account.open', { number: 'ACC-200', holder: 'Grace Hopper', currency: 'USD', openingDeposit: '0' });
  await teller.call('account.deposit', { accountId, amount: '12000.00', sourceType: 'cash', reference: 'house sale' });
  await teller.call('account.deposit', { accountId, amount: '50.00', sourceType: 'bank_transfer' });
  const approved = await teller.call<{ version: number }>('account.withdraw', { accountId, amount: '10500.00', reference: 'car', approval: { username: SUPERVISOR.username, password: SUPERVISOR.password } });
  await teller.call('transfers.start', { fromAccountId: accountId, toAccountId: other.accountId, amount: '300.00' });
  teller.close();
  return { accountId, approvedVersion: approved.version };
}

const ROLES: readonly { name: string; user: E2eUser; home: string; heading: string }[] = [
  { name: 'teller', user: TELLER, home: '#/accounts', heading: 'Accounts' },
  { name: 'supervisor', user: SUPERVISOR, home: '#/review', heading: 'Approvals and exceptions' },
  { name: 'compliance', user: COMPLIANCE, home: '#/compliance', heading: 'Compliance' },
  { name: 'administrator', user: ADMIN, home: '#/staff', heading: 'Staff' },
];

describe('each role in Chromium', () => {
  for (const role of ROLES) {
    it(`signs the ${role.name} in on their start screen, and every link they see opens a screen they may use, without accessibility problems`, async () => {
      const page = await stage.newPage();
      // The address names a screen of someone else: signing in still lands on the person's own.
      await page.goto(`${stage.served.url}#/operations`);
      await signIn(page, role.user);
      await page.getByRole('heading', { name: role.heading, level: 1 }).waitFor();
      expect(new URL(page.url()).hash).toBe(role.home);
      const nav = page.getByRole('navigation', { name: 'Main' });
      const links = await nav.getByRole('link').evaluateAll((anchors) => anchors.map((a) => ({ label: a.textContent ?? '', href: a.getAttribute('href') ?? '' })));
      expect(links.length).toBeGreaterThan(3);
      for (const link of links) {
        await nav.getByRole('link', { name: link.label, exact: true }).click();
        await eventually(() => new URL(page.url()).hash).toBe(link.href);
        await settled(page, `${role.name} → ${link.label}`);
        await page.screenshot({ path: join(SCREENSHOTS, `role-${role.name}-${link.href.replace(/^#\//, '')}.png`), fullPage: true });
        expect(await seriousViolations(page), `${role.name} → ${link.label}`).toEqual([]);
      }
      await page.context().close();
      expect(stage.pageErrors).toEqual([]);
    }, 180_000);
  }

  it('previews a report for compliance in words, with amounts formatted in their currency', async () => {
    const page = await stage.newPage();
    await openSignedIn(page, `${stage.served.url}#/reports`, COMPLIANCE);
    await page.getByLabel('Report', { exact: true }).selectOption('large');
    await page.getByRole('button', { name: 'Preview' }).click();
    const table = page.getByRole('region', { name: 'Large transactions' });
    const deposit = table.getByRole('row').filter({ hasText: '12,000.00 USD' });
    expect(await deposit.textContent()).toMatch(/ACC-100.*Deposit.*In.*Cash.*Yes.*12,000\.00 USD.*house sale/);
    expect(await table.getByRole('row').filter({ hasText: '10,500.00 USD' }).textContent()).toMatch(/Withdrawal.*Out/);
    expect(await page.getByRole('columnheader', { name: 'Account' }).count()).toBe(1);
    await settled(page, 'report preview');
    await page.screenshot({ path: join(SCREENSHOTS, 'role-compliance-report-preview.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
    expect(stage.pageErrors).toEqual([]);
  });

  it('shows the teller the account with who approved what, and prints the receipt of the approved withdrawal from its event', async () => {
    const page = await stage.newPage();
    await openSignedIn(page, stage.served.url, TELLER);
    await page.goto(`${stage.served.url}#/accounts/${encodeURIComponent(seeded.accountId)}`);
    const approved = page.locator(`[data-version="${seeded.approvedVersion}"]`);
    await eventually(() => approved.textContent()).toContain('approved by sue');
    expect(await approved.textContent()).toContain('−10,500.00 USD');
    expect(await page.locator('[data-version="2"]').textContent()).toContain('Bank transfer');
    // The balance is not zero: closing is not offered.
    expect(await page.getByRole('button', { name: 'Close account…' }).count()).toBe(0);
    await settled(page, 'account');
    await page.screenshot({ path: join(SCREENSHOTS, 'role-teller-account.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await approved.getByRole('link', { name: `Receipt of version ${seeded.approvedVersion}` }).click();
    await page.getByRole('heading', { name: /Withdrawal · receipt/ }).waitFor();
    expect(await page.getByTestId('receipt-account').textContent()).toBe('ACC-100 · Ada Lovelace');
    expect(await page.getByTestId('receipt-amount').textContent()).toBe('10,500.00 USD');
    expect(await page.getByTestId('receipt-balance').textContent()).toBe('4,050.00 USD');
    expect(await page.getByTestId('receipt-teller').textContent()).toBe('Tom Teller (tom)');
    await page.getByText('Sue Supervisor (sue)').waitFor();
    await page.getByText('car', { exact: true }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'role-teller-receipt.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    // Printed again later, the receipt says the same: it is read back from the event.
    const first = await page.locator('.receipt').textContent();
    await page.reload();
    await page.getByTestId('receipt-amount').waitFor();
    expect(await page.locator('.receipt').textContent()).toBe(first);
    await page.context().close();
  });
});

/** What has focus, as a keyboard user meets it: its name, its form, whether it is a control, and whether focus shows. */
interface Focused {
  readonly name: string;
  readonly form: string;
  readonly tag: string;
  /** A control (link, button, field) or a scroller that actually scrolls: anything else is a dead stop. */
  readonly useful: boolean;
  /** An outline (or a box shadow) is drawn around it, and it is on the screen. */
  readonly visible: boolean;
}

const focused = (page: Page): Promise<Focused> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { name: '', form: '', tag: 'BODY', useful: false, visible: false };
    const label = (el as HTMLInputElement).labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? '';
    const form = el.closest('form')?.getAttribute('aria-label') ?? el.closest('form')?.querySelector('h2,h3')?.textContent ?? '';
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    const outlined = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    const control = ['A', 'BUTTON', 'INPUT', 'SELECT', 'TEXTAREA', 'SUMMARY'].includes(el.tagName);
    const scrolls = el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
    return { name: label.trim(), form, tag: el.tagName, useful: control || scrolls, visible: outlined && rect.width > 0 && rect.height > 0 };
  });

/** A keyboard that counts what it presses and checks every stop Tab lands on. */
function countingKeyboard(page: Page) {
  let presses = 0;
  const stops: Focused[] = [];
  const keyboard = {
    get presses() {
      return presses;
    },
    stops,
    async press(key: string) {
      presses++;
      await page.keyboard.press(key);
      if (key === 'Tab' || key === 'Shift+Tab') {
        const stop = await focused(page);
        stops.push(stop);
        // Past the last control focus leaves the page for the browser's own controls: the end of the round, not a stop.
        if (stop.tag === 'BODY') return;
        expect(stop.useful, `dead tab stop: ${JSON.stringify(stop)}`).toBe(true);
        expect(stop.visible, `focus not visible on ${JSON.stringify(stop)}`).toBe(true);
      }
    },
    async type(text: string) {
      presses += text.length;
      await page.keyboard.type(text);
    },
    /** Tabs forward until the field named `name` (in the form named `form`, when given) has focus. */
    async tabTo(name: string, form?: string, max = 60) {
      for (let i = 0; i < max; i++) {
        await keyboard.press('Tab');
        const stop = stops.at(-1)!;
        if (stop.name === name && (form === undefined || stop.form === form)) return;
      }
      throw new Error(`no "${name}"${form ? ` in ${form}` : ''} within ${max} tabs`);
    },
  };
  return keyboard;
}

describe("a teller's day by keyboard alone", () => {
  it('opens two accounts, deposits, withdraws and transfers by account number without the mouse', async () => {
    const page = await stage.newPage();
    await page.goto(stage.served.url);
    const keys = countingKeyboard(page);
    const measured: Record<string, number> = {};
    const step = async (name: string, run: () => Promise<void>) => {
      const before = keys.presses;
      await run();
      measured[name] = keys.presses - before;
    };

    await step('sign in', async () => {
      await page.getByRole('form', { name: 'Sign in' }).getByLabel('Username').waitFor();
      await keys.type(TELLER.username);
      await keys.press('Tab');
      await keys.type(TELLER.password);
      await keys.press('Enter');
      await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    });
    // From the search box, Tab goes straight to the first account in the list: no stop on the list's scroller.
    await step('search to first account', async () => {
      await keys.tabTo('Search by account number or holder');
      await keys.type('ACC-');
      await eventually(() => page.locator('.list-count').first().textContent()).toMatch(/^2 accounts/);
      await page.getByRole('link', { name: 'ACC-100' }).waitFor();
      await keys.press('Tab');
      expect(keys.stops.at(-1)).toMatchObject({ tag: 'A', name: 'ACC-100' });
      await keys.press('Escape');
    });
    for (const [number, holder, opening] of [
      ['ACC-K2', 'Katherine Johnson', ''],
      ['ACC-K1', 'Dorothy Vaughan', '1000'],
    ] as const) {
      await step(`open ${number}`, async () => {
        // Back from the account just opened by its own link to the list.
        if (!new URL(page.url()).hash.endsWith('/accounts')) {
          await keys.tabTo('← Accounts');
          await keys.press('Enter');
        }
        await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
        await keys.tabTo('Holder', 'Open an account');
        await keys.type(holder);
        await keys.tabTo('Account number', 'Open an account');
        await keys.type(number);
        if (opening) {
          await keys.tabTo('Opening deposit (USD)', 'Open an account');
          await keys.type(opening);
        }
        await keys.press('Enter');
        await page.getByRole('heading', { name: new RegExp(holder) }).waitFor();
      });
    }
    const balance = page.getByTestId('ledger-balance');
    await eventually(() => balance.textContent()).toBe('1,000.00 USD');

    await step('deposit', async () => {
      await keys.tabTo('Amount (USD)', 'Deposit');
      await keys.type('500');
      await keys.press('Enter');
      await page.getByRole('form', { name: 'Deposit' }).getByText('Deposit of 500.00 USD recorded.').waitFor();
      await eventually(() => balance.textContent()).toBe('1,500.00 USD');
    });
    await step('withdraw', async () => {
      await keys.tabTo('Amount (USD)', 'Withdrawal');
      await keys.type('200');
      await keys.press('Enter');
      await page.getByRole('form', { name: 'Withdrawal' }).getByText('Withdrawal of 200.00 USD recorded.').waitFor();
      await eventually(() => balance.textContent()).toBe('1,300.00 USD');
    });
    await step('transfer by account number', async () => {
      await keys.tabTo('To account number', 'New transfer');
      await keys.type('ACC-K2');
      await page.getByText('Katherine Johnson · USD').waitFor();
      await keys.press('Tab');
      await keys.type('100');
      await keys.press('Enter');
      await page.getByText('Transfer of 100.00 USD from ACC-K1 to ACC-K2 started.').waitFor();
      await eventually(() => balance.textContent()).toBe('1,200.00 USD');
    });

    // A whole round of Tab over the account screen, from the top of the page to its end: every stop a control, focus
    // always drawn.
    for (let i = 0; i < 150 && keys.stops.at(-1)?.tag !== 'BODY'; i++) await keys.press('Tab');
    const before = keys.stops.length;
    await keys.press('Tab');
    for (let i = 0; i < 150 && keys.stops.at(-1)?.tag !== 'BODY'; i++) await keys.press('Tab');
    const round = keys.stops.slice(before);
    expect(round.at(-1)?.tag, 'the round reached the end of the page').toBe('BODY');
    expect(round[0]).toMatchObject({ tag: 'A', name: 'Skip to content' });
    expect(round.map((s) => s.name)).toEqual(expect.arrayContaining(['Accounts', 'Amount (USD)', 'To account number', 'Show as it was']));
    await page.screenshot({ path: join(SCREENSHOTS, 'keyboard-journey-account.png'), fullPage: true });

    const total = Object.values(measured).reduce((a, b) => a + b, 0);
    writeFileSync(join(ARTIFACTS, 'keyboard-journey.json'), `${JSON.stringify({ keyPresses: measured, total }, null, 2)}\n`);
    console.log('keyboard journey (key presses, typed characters included):', measured, 'total', total);
    // Bounds that catch a regression (a dead stop or a field moved far down), not a tight count.
    for (const [name, count] of Object.entries(measured)) expect(count, name).toBeLessThan(120);
    await page.context().close();
    expect(stage.pageErrors).toEqual([]);
  }, 180_000);
});
