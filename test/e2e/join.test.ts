// End to end in Chromium: a second workstation joins a running branch through its first screen (gateway address,
// device id, secret, a progress bar), a teller provisioned at the first workstation signs in there, and both post,
// sync and converge. Screenshots of the join form, its refusal and the sign-in after.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../gateway/server.js';
import { openTestDatabase, startTestGateway, type TestDatabase } from '../support/postgres.js';
import { openApiSocket, type ApiSocket } from './support/apiSocket.js';
import { serveFidelis, type ServedFidelis } from './support/browserMode.js';
import { signIn, TELLER } from './support/staffSession.js';
import { SCREENSHOTS, seriousViolations, startStage, type Stage } from './support/stage.js';

let db: TestDatabase;
let gateway: Gateway;
let first: Stage;
let second: ServedFidelis;
let secondDir: string;

const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 20_000, interval: 200 });

interface Row {
  accountId: string;
  number: string;
  balance: string;
}
const accountOf = async (socket: ApiSocket, number: string) => (await socket.call<{ items: Row[] }>('accounts.list', { search: number, offset: 0, limit: 5 })).items.find((r) => r.number === number);

beforeAll(async () => {
  db = await openTestDatabase();
  gateway = await startTestGateway(db);
  // The branch's first workstation: its administrator and a teller, pointed at the gateway, with one account.
  first = await startStage('join-first', [TELLER]);
  const teller = await first.signedInSocket(TELLER);
  const device = await gateway.addDevice('BR001');
  const admin = await first.signedInSocket({ username: 'ada', displayName: 'Ada Admin', password: 'admin passphrase 1', roles: ['administrator'] });
  await admin.call('sync.configure', { gatewayUrl: gateway.url, deviceId: device.deviceId, secret: device.secret });
  await teller.call('account.open', { number: 'JOIN-1', holder: 'Grace Hopper', currency: 'USD', openingDeposit: '100.00' });
  await admin.call('sync.now', {});
  admin.close();
  teller.close();
  // The second workstation: a data dir with nothing in it.
  secondDir = mkdtempSync(join(tmpdir(), 'fidelis-e2e-join-second-'));
  writeFileSync(join(secondDir, 'settings.json'), `${JSON.stringify({ kdfLog2Cost: 12 })}\n`);
  second = await serveFidelis(secondDir);
}, 240_000);

afterAll(async () => {
  await second?.stop();
  await first?.stop();
  await gateway?.close();
  await db?.close();
  if (secondDir) rmSync(secondDir, { recursive: true, force: true });
});

describe('joining a branch from the first screen', () => {
  it('joins with the device the gateway printed, then the branch’s teller signs in; both workstations post, sync and converge', { timeout: 180_000 }, async () => {
    const page = await first.newPage();
    await page.goto(second.url);
    await page.getByRole('button', { name: 'Join a branch' }).click();
    const form = page.getByRole('form', { name: 'Join a branch' });
    await form.waitFor();
    // A wrong secret is refused in the form's words, on its field.
    const device = await gateway.addDevice('BR001');
    await form.getByLabel('Gateway address').fill(gateway.url);
    await form.getByLabel('Device id').fill(device.deviceId);
    await form.getByLabel('Device secret').fill('not the secret the gateway printed');
    await form.getByRole('button', { name: 'Join the branch' }).click();
    await form.getByText('The gateway did not accept this device id and secret').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'join-refused.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    await form.getByLabel('Device secret').fill(device.secret);
    await form.getByRole('button', { name: 'Join the branch' }).click();
    const signInForm = page.getByRole('form', { name: 'Sign in' });
    await signInForm.waitFor({ timeout: 60_000 });
    expect(await signInForm.getByRole('status').textContent()).toMatch(/joined branch BR001: 2 staff and \d+ events copied/);
    await page.screenshot({ path: join(SCREENSHOTS, 'join-sign-in.png'), fullPage: true });
    await signIn(page, TELLER);

    // Both post; each syncs; both show the same balance.
    const atFirst = await first.signedInSocket(TELLER);
    const atSecond = await openApiSocket(second);
    await atSecond.call('auth.signIn', { username: TELLER.username, password: TELLER.password });
    const account = (await accountOf(atSecond, 'JOIN-1'))!;
    expect(account.balance).toBe('100.00');
    await atSecond.call('account.deposit', { accountId: account.accountId, amount: '25.00' });
    await atFirst.call('account.withdraw', { accountId: account.accountId, amount: '40.00' });
    await eventually(async () => {
      await atFirst.call('sync.now', {});
      await atSecond.call('sync.now', {});
      return [(await accountOf(atFirst, 'JOIN-1'))?.balance, (await accountOf(atSecond, 'JOIN-1'))?.balance];
    }).toEqual(['85.00', '85.00']);
    atFirst.close();
    atSecond.close();
    expect(first.pageErrors).toEqual([]);
  });
});
