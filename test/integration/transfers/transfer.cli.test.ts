/**
 * `fidelis transfer …` and `fidelis account signatory …` as branch IT scripts them. Every command is its own
 * process on one on-disk data dir, so each read is a reload from the store (SCENARIOS 11 and 12).
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../support/processes.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

// Each spawn costs ~2 s: the tests share one data dir and run in order, each building on the last.
describe('the transfer and signatory commands', { timeout: 400_000 }, () => {
  let dir: TempDir;
  let a: string;
  let b: string;
  let transferId: string;
  const cli = (...args: string[]): Promise<CliResult> => runCli([...args, '--data-dir', dir.path, '--json']);
  const open = async (number: string, deposit: string) => {
    const result = await cli('account', 'open', '--number', number, '--holder', 'Holder', '--opening-deposit', deposit);
    expect(result.code, result.stderr).toBe(0);
    return (result.json as { accountId: string }).accountId;
  };

  beforeAll(() => {
    dir = makeTempDir();
  });

  afterAll(() => dir?.remove());

  it('transfers 3,000 from A (10,000) to B (5,000) and, with --wait, prints the COMPLETED transfer', async () => {
    a = await open('A-1', '10000');
    b = await open('B-1', '5000');
    const result = await cli('transfer', 'create', '--from', a, '--to', b, '--amount', '3000', '--reference', 'rent', '--wait');
    expect(result.code, result.stderr).toBe(0);
    expect(result.json).toMatchObject({ transferId: expect.any(String), status: 'COMPLETED', amount: '3000.00', currency: 'USD', fromAccountId: a, toAccountId: b, reference: 'rent' });
    transferId = (result.json as { transferId: string }).transferId;
  });

  it('shows the transfer from a new process, and prints {"transferId"} without --wait; a transfer past the funds FAILS with the reason', async () => {
    const shown = await cli('transfer', 'show', transferId);
    expect(shown.json).toMatchObject({ transferId, status: 'COMPLETED', amount: '3000.00' });
    const created = await cli('transfer', 'create', '--from', a, '--to', b, '--amount', '7000.01');
    expect(created.code, created.stderr).toBe(0);
    expect(created.json).toEqual({ transferId: expect.any(String) });
    const failed = await cli('transfer', 'show', (created.json as { transferId: string }).transferId);
    expect(failed.json).toMatchObject({ status: 'FAILED', failureCode: 'INSUFFICIENT_FUNDS', reason: expect.stringContaining('Insufficient funds'), reversed: false });
  });

  it('adds Bob as MANAGER and Carol, removes Bob: only Carol is left, also when read back by another process', async () => {
    const bob = await cli('account', 'signatory', 'add', a, '--name', 'Bob', '--email', 'bob@example.com', '--role', 'MANAGER');
    expect(bob.code, bob.stderr).toBe(0);
    const carol = await cli('account', 'signatory', 'add', a, '--name', 'Carol', '--email', 'carol@example.com');
    expect((carol.json as { signatories: unknown[] }).signatories).toEqual([
      { name: 'Bob', email: 'bob@example.com', role: 'MANAGER' },
      { name: 'Carol', email: 'carol@example.com', role: 'OPERATOR' },
    ]);
    expect((await cli('account', 'signatory', 'remove', a, '--email', 'bob@example.com')).code).toBe(0);
    const shown = await cli('account', 'show', a);
    expect(shown.json).toMatchObject({ balance: '7000.00', signatories: [{ name: 'Carol', email: 'carol@example.com', role: 'OPERATOR' }] });
  });

  it('exits 2 with the error on field signatories when the email is not a signatory', async () => {
    const result = await cli('account', 'signatory', 'remove', a, '--email', 'bob@example.com');
    expect(result.code).toBe(2);
    expect(result.json).toEqual({ error: { code: 'SIGNATORY_NOT_FOUND', field: 'signatories', message: expect.stringContaining('bob@example.com') } });
  });
});
