/** The `fidelis` CLI as branch IT scripts it: JSON results on stdout, exit codes 0 / 2 / 64, idempotent retries. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../support/processes.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

// Each spawn costs ~2 s: the tests share one data dir and run in order, each building on the last.
describe('the fidelis CLI', { timeout: 120_000 }, () => {
  let dir: TempDir;
  let accountId: string;
  const cli = (...args: string[]): Promise<CliResult> => runCli([...args, '--data-dir', dir.path, '--json']);

  beforeAll(() => {
    dir = makeTempDir();
  });

  afterAll(() => dir?.remove());

  it('opens an account and prints its id', async () => {
    const result = await cli('account', 'open', '--number', 'CLI-0001', '--holder', 'Ada Lovelace', '--opening-deposit', '1000.00', '--command-id', 'open-1');
    expect(result.code, result.stderr).toBe(0);
    expect(result.json).toMatchObject({ accountId: expect.any(String), version: 0 });
    expect(result.json).not.toHaveProperty('duplicate');
    // A new ledger's first write is when RxDB prints its "open core" banner: it goes to the log, not the terminal.
    expect(result.stderr).toBe('');
    accountId = (result.json as { accountId: string }).accountId;
  });

  it('deposits, and a retry with the same --command-id returns the first result without a second deposit', async () => {
    const first = await cli('account', 'deposit', accountId, '--amount', '550', '--source-type', 'wire', '--command-id', 'dep-1');
    expect(first.code, first.stderr).toBe(0);
    expect(first.json).toEqual({ accountId, version: 1, events: [expect.stringMatching(/^Fidelis\.DepositMade\.v\d+$/)] });
    const retry = await cli('account', 'deposit', accountId, '--amount', '550', '--source-type', 'wire', '--command-id', 'dep-1');
    expect(retry.code, retry.stderr).toBe(0);
    expect(retry.json).toEqual({ ...(first.json as object), duplicate: true });
  });

  it('exits 2 with {"error":{code,field,message}} for a refused command and writes nothing', async () => {
    const result = await cli('account', 'withdraw', accountId, '--amount', '1550.01');
    expect(result.code).toBe(2);
    expect(result.json).toEqual({ error: { code: 'INSUFFICIENT_FUNDS', field: 'balance', message: expect.stringContaining('1,550.00 USD available') } });
    expect(result.stderr).toContain('Insufficient funds');
  });

  it('shows the account as documented, unchanged by the refusal, with the global options before the command', async () => {
    const result = await runCli(['--data-dir', dir.path, '--json', 'account', 'show', accountId]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.json).toMatchObject({ accountId, number: 'CLI-0001', holder: 'Ada Lovelace', currency: 'USD', balance: '1550.00', status: 'ACTIVE', version: 1 });
  });

  it('exits 64 with a clear message on bad usage, before touching the ledger', async () => {
    const result = await runCli(['account', 'deposit', accountId, '--data-dir', dir.join('never-created'), '--json']);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('--amount is required');
    expect(result.json).toMatchObject({ error: { code: 'USAGE' } });
  });

  it('reads events with --from and --limit, using FIDELIS_DATA_DIR when --data-dir is left out', async () => {
    const result = await runCli(['events', 'read', `account-${accountId}`, '--from', '1', '--limit', '1', '--json'], { FIDELIS_DATA_DIR: dir.path });
    expect(result.code, result.stderr).toBe(0);
    const { events } = result.json as { events: { type: string; version: number; streamId: string; data: Record<string, unknown>; meta: Record<string, unknown> }[] };
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ version: 1, streamId: `account-${accountId}`, data: { amount: '55000', sourceType: 'wire' }, meta: { commandId: 'dep-1' } });
  });
});
