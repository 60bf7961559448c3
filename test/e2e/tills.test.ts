// End to end in Chromium: a teller opens their till by counting it note by note, posts a cash deposit that moves it,
// and closes it by count; the supervisor counts the vault and closes the business day. Screenshots of each count.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSignedIn, SUPERVISOR, TELLER } from './support/staffSession.js';
import { SCREENSHOTS, seriousViolations, startStage, type Stage } from './support/stage.js';

let stage: Stage;

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 10_000, interval: 100 });

beforeAll(async () => {
  stage = await startStage('tills', [TELLER, SUPERVISOR], { width: 1280, height: 1000 });
  // Yesterday's end, through the API the screens use: the vault filled, the teller's till funded with 500.00 and closed.
  const supervisor = await stage.signedInSocket(SUPERVISOR);
  const teller = await stage.signedInSocket(TELLER);
  await supervisor.call('vault.receiveShipment', { currency: 'USD', amount: '5000.00', reference: 'CC-0001' });
  await teller.call('till.open', { currency: 'USD', count: {} });
  await supervisor.call('vault.issueCash', { teller: TELLER.username, currency: 'USD', amount: '500.00', approval: { username: TELLER.username, password: TELLER.password } });
  await teller.call('till.close', { currency: 'USD', count: { N100: 5 } });
  await teller.call('account.open', { number: 'ACC-1', holder: 'Ada Lovelace', currency: 'USD', openingDeposit: '0' });
  supervisor.close();
  teller.close();
}, 180_000);

afterAll(async () => {
  await stage?.stop();
});

describe('tills in Chromium', () => {
  it('opens a till by denomination count, moves it with a cash deposit, and closes it by count', async () => {
    const page = await stage.newPage();
    await openSignedIn(page, stage.served.url, TELLER);
    const panel = page.getByRole('region', { name: 'Your till' });
    await eventually(() => panel.getByTestId('till-position').textContent()).toBe('500.00 USD');
    expect(await panel.textContent()).toContain('Closed');

    // Open: the count adds up as it is typed, and agrees with the last closing before it is accepted.
    await panel.getByRole('button', { name: 'Open till' }).click();
    const opening = page.getByRole('dialog', { name: 'Open your USD till' });
    await opening.getByLabel('Notes of 100 USD').fill('4');
    await eventually(() => opening.getByTestId('count-difference').textContent()).toBe('Short by 100.00 USD');
    await opening.getByLabel('Notes of 20 USD').fill('5');
    await eventually(() => opening.getByTestId('count-total').textContent()).toBe('500.00 USD');
    await eventually(() => opening.getByTestId('count-difference').textContent()).toBe('None: the count agrees');
    await page.screenshot({ path: join(SCREENSHOTS, 'till-open-count.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await opening.getByRole('button', { name: 'Open till' }).click();
    await panel.getByText('USD till opened with 500.00 USD counted.').waitFor();
    await eventually(() => panel.textContent()).toContain('Open');

    // A cash deposit at the counter moves the till.
    await page.getByRole('link', { name: 'ACC-1' }).click();
    const deposit = page.getByRole('form', { name: 'Deposit' });
    await deposit.getByLabel('Amount (USD)').fill('250');
    await deposit.getByRole('button', { name: 'Post deposit' }).click();
    await deposit.getByText('Deposit of 250.00 USD recorded.').waitFor();
    await page.goto(`${stage.served.url}#/accounts`);
    await eventually(() => panel.getByTestId('till-position').textContent()).toBe('750.00 USD');

    // Close: counted note by note against the position, exact.
    await panel.getByRole('button', { name: 'Close USD till' }).click();
    const closing = page.getByRole('dialog', { name: 'Close your USD till' });
    await closing.getByLabel('Notes of 100 USD').fill('7');
    await closing.getByLabel('Notes of 50 USD').fill('1');
    await eventually(() => closing.getByTestId('count-difference').textContent()).toBe('None: the count agrees');
    await page.screenshot({ path: join(SCREENSHOTS, 'till-close-count.png'), fullPage: true });
    await closing.getByRole('button', { name: 'Close till' }).click();
    await panel.getByText('USD till closed with 750.00 USD counted.').waitFor();
    await eventually(() => panel.textContent()).toContain('closed exact');
    await page.screenshot({ path: join(SCREENSHOTS, 'till-closed-panel.png'), fullPage: true });
    await page.context().close();
    expect(stage.pageErrors).toEqual([]);
  }, 120_000);

  it('lets the supervisor count the vault and close the business day', async () => {
    const page = await stage.newPage();
    await openSignedIn(page, `${stage.served.url}#/vault`, SUPERVISOR);
    await page.getByRole('heading', { name: 'Vault', level: 1 }).waitFor();
    await eventually(() => page.getByTestId('vault-USD').textContent()).toBe('4,500.00 USD');
    const count = page.getByRole('form', { name: 'Count the vault' });
    await count.getByLabel('Notes of 100 USD').fill('45');
    await eventually(() => count.getByTestId('count-difference').textContent()).toBe('None: the count agrees');
    await count.getByRole('button', { name: 'Record count' }).click();
    await count.getByText('The USD vault was counted.').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'vault-counted.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${stage.served.url}#/day`);
    await page.getByTestId('day-ready').waitFor();
    const day = (await page.getByRole('heading', { level: 1 }).textContent())!.replace('Business day ', '');
    await page.getByRole('button', { name: `Close business day ${day}` }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Close the day' }).click();
    await page.getByText(`The business day ${day} is closed`).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'business-day-closed.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
    expect(stage.pageErrors).toEqual([]);
  }, 120_000);
});
