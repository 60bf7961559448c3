/** `fidelis till …`, `vault …` and `day …` as a branch runs its cash from the command line, on one data dir. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../support/processes.js';
import { STAFF_PASSWORD } from '../../support/staffFixtures.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

// Each spawn costs about a second: the tests share one data dir and run in order, each building on the last.
describe('teller cash from the fidelis CLI', { timeout: 120_000 }, () => {
  let dir: TempDir;
  const as = (user: string, ...args: string[]): Promise<CliResult> => runCli([...args, '--data-dir', dir.path, '--json'], { FIDELIS_USER: user });
  const confirmedBy = (user: string, approver: string, ...args: string[]): Promise<CliResult> =>
    runCli([...args, '--approver', approver, '--data-dir', dir.path, '--json'], { FIDELIS_USER: user, FIDELIS_APPROVER_PASSWORD: STAFF_PASSWORD });

  beforeAll(() => {
    dir = makeTempDir();
  });

  afterAll(() => dir?.remove());

  it('fills the vault from the cash centre and gives the teller cash once the teller confirms', async () => {
    expect((await as('supervisor', 'vault', 'receive', '--amount', '5000', '--reference', 'CC-0001')).code).toBe(0);
    const opened = await as('teller', 'till', 'open', '--count', 'none', '--command-id', 'open-1');
    expect(opened.code, opened.stderr).toBe(0);
    expect(opened.json).toMatchObject({ streamId: expect.stringMatching(/^till-teller:/), events: [{ type: 'Fidelis.TillOpened.v1', data: { counted: '0', difference: '0' } }] });
    const unconfirmed = await as('supervisor', 'vault', 'issue', '--teller', 'teller', '--amount', '1000');
    expect(unconfirmed.json).toMatchObject({ error: { code: 'APPROVAL_REQUIRED', field: 'approval' } });
    const issued = await confirmedBy('supervisor', 'teller', 'vault', 'issue', '--teller', 'teller', '--amount', '1000');
    expect(issued.code, issued.stderr).toBe(0);
    expect(issued.json).toMatchObject({ events: [{ type: 'Fidelis.CashIssuedToTill.v1', data: { amount: '100000', receivedBy: 'teller' } }] });
  });

  it('moves the till with the teller’s cash deposit and shows it', async () => {
    expect((await as('teller', 'account', 'open', '--number', '001', '--holder', 'Ada Lovelace')).code).toBe(0);
    expect((await as('teller', 'account', 'deposit', '001', '--amount', '250.00')).code).toBe(0);
    const shown = await as('teller', 'till', 'show');
    expect(shown.json).toMatchObject({ tills: [{ currency: 'USD', status: 'OPEN', position: '1250.00', fromVault: '1000.00', customerIn: '250.00' }] });
    const text = await runCli(['till', 'show', '--data-dir', dir.path], { FIDELIS_USER: 'teller' });
    expect(text.stdout).toMatch(/USD {2}OPEN +teller on .+ position 1250\.00/);
  });

  it('refuses a count it cannot read, and a difference without its reason, naming the field', async () => {
    const garbled = await as('teller', 'till', 'close', '--count', 'N100:12');
    expect(garbled.code).toBe(2);
    expect(garbled.json).toMatchObject({ error: { code: 'VALIDATION', field: 'count' } });
    const foreign = await as('teller', 'till', 'close', '--count', 'N3=1');
    expect(foreign.json).toMatchObject({ error: { code: 'VALIDATION', field: 'count.N3' } });
    const unexplained = await as('teller', 'till', 'close', '--count', 'N100=12,N20=2');
    expect(unexplained.json).toMatchObject({ error: { code: 'VALIDATION', field: 'reason' } });
  });

  it('closes the till 10.00 short (at the sign-off amount, so no supervisor), counts the vault and closes the day', async () => {
    const closed = await as('teller', 'till', 'close', '--count', 'N100=12,N20=2', '--reason', 'Change given twice');
    expect(closed.code, closed.stderr).toBe(0);
    expect(closed.json).toMatchObject({ events: [{ data: { position: '125000', counted: '124000', difference: '-1000', reason: 'Change given twice' } }] });
    const notYet = await as('supervisor', 'day', 'show');
    expect((notYet.json as { blockers: string[] }).blockers).toEqual([expect.stringContaining('USD vault has not been counted')]);
    expect((await as('supervisor', 'vault', 'count', '--count', 'N100=40')).code).toBe(0);
    const day = await as('supervisor', 'day', 'close');
    expect(day.code, day.stderr).toBe(0);
    expect(day.json).toMatchObject({ streamId: 'branchday-BR001', events: [{ type: 'Fidelis.BusinessDayClosed.v1' }] });
    const shown = await as('teller', 'day', 'show');
    expect((shown.json as { lastClosed: string }).lastClosed).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('keeps the vault and the day to supervisors', async () => {
    const result = await as('teller', 'vault', 'receive', '--amount', '1', '--reference', 'X');
    expect(result.code).toBe(2);
    expect(result.json).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });
});
