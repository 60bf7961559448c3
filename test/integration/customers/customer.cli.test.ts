/** `fidelis customer …`, `account open --customer|--holder` and `settings set time-zone` as branch IT scripts them. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../support/processes.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

// Each spawn costs about a second: the tests share one data dir and run in order, each building on the last.
describe('customers from the fidelis CLI', { timeout: 120_000 }, () => {
  let dir: TempDir;
  let adaId: string;
  const cli = (...args: string[]): Promise<CliResult> => runCli([...args, '--data-dir', dir.path, '--json']);
  const text = (...args: string[]): Promise<CliResult> => runCli([...args, '--data-dir', dir.path]);

  beforeAll(() => {
    dir = makeTempDir();
  });

  afterAll(() => dir?.remove());

  it('registers a customer with their Part I details and prints the new id', async () => {
    const result = await cli(
      'customer', 'add', '--name', 'Ada Lovelace', '--line1', '12 St James Square', '--city', 'London', '--country', 'gb', '--dob', '1815-12-10',
      '--id-type', 'passport', '--id-number', 'X1234567', '--id-issuer', 'GB', '--tin', '123-45-6789', '--tin-type', 'SSN', '--command-id', 'add-ada',
    );
    expect(result.code, result.stderr).toBe(0);
    adaId = (result.json as { customerId: string }).customerId;
    expect(adaId).toMatch(/^[0-9A-Z]{26}$/);
  });

  it('refuses an address without its city, naming the field', async () => {
    const result = await cli('customer', 'add', '--name', 'No City', '--line1', '1 Road', '--country', 'US');
    expect(result.code).toBe(2);
    expect(result.json).toMatchObject({ error: { code: 'VALIDATION', field: 'address.city' } });
  });

  it('opens an account for the customer, its opening deposit by check, and refuses the number a second time', async () => {
    const opened = await cli('account', 'open', '--number', '001', '--customer', adaId, '--opening-deposit', '100.00', '--opening-source', 'check');
    expect(opened.code, opened.stderr).toBe(0);
    const again = await cli('account', 'open', '--number', '001', '--holder', 'Someone Else');
    expect(again.code).toBe(2);
    expect(again.json).toMatchObject({ error: { code: 'ACCOUNT_NUMBER_TAKEN', field: 'number' } });
    const neither = await cli('account', 'open', '--number', '009');
    expect(neither.json).toMatchObject({ error: { code: 'VALIDATION', field: 'customer' } });
  });

  it('registers a new holder given with details, opens the account for them, and names it by its number after', async () => {
    const opened = await cli('account', 'open', '--number', '002', '--holder', 'Grace Hopper', '--line1', '1 Navy Way', '--city', 'Arlington', '--state', 'VA', '--country', 'US', '--command-id', 'open-002');
    expect(opened.code, opened.stderr).toBe(0);
    const found = await cli('customer', 'search', 'grace');
    expect((found.json as { items: unknown[] }).items).toEqual([expect.objectContaining({ legalName: 'Grace Hopper', address: expect.objectContaining({ city: 'Arlington' }), derived: false })]);
    const deposit = await cli('account', 'deposit', '002', '--amount', '25.00');
    expect(deposit.code, deposit.stderr).toBe(0);
    const shown = await cli('account', 'show', '002');
    expect(shown.json).toMatchObject({ number: '002', holder: 'Grace Hopper', balance: '25.00' });
  });

  it('finds a customer by a whole TIN, shows them with the TIN masked, and records a change', async () => {
    const byTin = await cli('customer', 'search', '123456789');
    expect((byTin.json as { items: { customerId: string }[] }).items.map((c) => c.customerId)).toEqual([adaId]);
    const changed = await cli('customer', 'update', adaId, '--occupation', 'Mathematician');
    expect(changed.code, changed.stderr).toBe(0);
    const shown = await text('customer', 'show', adaId);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('Ada Lovelace');
    expect(shown.stdout).toContain('SSN •••••6789');
    expect(shown.stdout).toContain('occupation  Mathematician');
    expect(shown.stdout).toMatch(/accounts\s+001/);
    expect(shown.stdout).not.toContain('123456789');
  });

  it("sets the branch's time zone, refusing one that does not exist", async () => {
    const wrong = await cli('settings', 'set', 'time-zone', 'Mars/Olympus');
    expect(wrong.code).toBe(2);
    expect(wrong.json).toMatchObject({ error: { code: 'INVALID_TIME_ZONE', field: 'timeZone' } });
    const set = await cli('settings', 'set', 'time-zone', 'America/New_York');
    expect(set.code, set.stderr).toBe(0);
    expect(set.json).toMatchObject({ timeZone: 'America/New_York', previous: 'UTC' });
    const shown = await cli('settings', 'show');
    expect(shown.json).toMatchObject({ timeZone: 'America/New_York' });
  });
});
