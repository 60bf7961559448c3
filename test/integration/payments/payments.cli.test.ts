/**
 * `fidelis payments …` as branch IT scripts it: each command its own process on one on-disk data dir, PayFlow a
 * real simulator. Held while PayFlow is not configured, sent once it is; the API key never printed back; the day's
 * reconciliation raises an item, a supervisor resolves it, and the report comes out as CSV.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPayflowSimulator, type PayflowSimulator } from '../../../payflow/simulator/simulator.js';
import { runCli, type CliResult } from '../../support/processes.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

const API_KEY = 'pk_cli_secret_never_printed';

// Each spawn costs ~2 s: the tests share one data dir and run in order, each building on the last.
describe('the payments commands', { timeout: 400_000 }, () => {
  let dir: TempDir;
  let sim: PayflowSimulator;
  let accountId: string;
  let paymentId: string;
  const cli = (...args: string[]): Promise<CliResult> => runCli([...args, '--data-dir', dir.path, '--json']);
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    dir = makeTempDir('fidelis-payments-cli-');
    // PayFlow settles at once and has nowhere to send webhooks: Fidelis still shows the payment as sent (pending).
    sim = await startPayflowSimulator({ webhookSecret: 'whsec_cli', apiKey: API_KEY, autoCompleteMs: 0 });
  });

  afterAll(async () => {
    await sim?.close();
    dir?.remove();
  });

  it('holds a payment while PayFlow is not configured, and says so in the status', async () => {
    const opened = await cli('account', 'open', '--number', 'P-1', '--holder', 'Ada Lovelace', '--opening-deposit', '1000');
    expect(opened.code, opened.stderr).toBe(0);
    accountId = (opened.json as { accountId: string }).accountId;
    const sent = await cli('payments', 'send', '--account', accountId, '--amount', '125.50', '--name', 'Grace Hopper', '--beneficiary-account', 'DE89370400440532013000', '--bank-code', 'COBADEFF');
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.json).toMatchObject({ status: 'QUEUED', amount: '125.50', currency: 'USD', direction: 'outbound', payflowId: null });
    paymentId = (sent.json as { paymentId: string }).paymentId;
    const status = await cli('payments', 'status');
    expect(status.json).toMatchObject({ configured: false, breaker: 'closed', queued: 1 });
  });

  it('configures PayFlow without printing the key, and the held payment goes out once', async () => {
    const configured = await runCli(['payments', 'configure', '--url', sim.url, '--api-key', API_KEY, '--data-dir', dir.path]);
    expect(configured.code, configured.stderr).toBe(0);
    expect(configured.stdout).toContain(sim.url);
    expect(configured.stdout + configured.stderr).not.toContain(API_KEY);
    const list = await cli('payments', 'list');
    expect((list.json as { payments: unknown[] }).payments).toEqual([expect.objectContaining({ paymentId, status: 'SUBMITTED', amount: '125.50' })]);
    expect(sim.control.payments().filter((p) => p.reference === paymentId)).toHaveLength(1);
  });

  it('reconciles the day: PayFlow completed what Fidelis still shows pending, a supervisor resolves it, and the report lists it', async () => {
    const reconciled = await cli('payments', 'reconcile', '--date', today);
    expect(reconciled.code, reconciled.stderr).toBe(0);
    const items = (reconciled.json as { items: { itemId: string; kind: string; paymentId: string; payflowId: string; status: string }[] }).items;
    expect(items).toEqual([expect.objectContaining({ kind: 'STATUS_MISMATCH', paymentId, status: 'open' })]);
    const { itemId, payflowId } = items[0]!;

    const resolved = await cli('payments', 'resolve', itemId, '--note', 'Completion webhook lost; PayFlow confirms payment');
    expect(resolved.json).toEqual({ itemId, status: 'resolved' });
    const again = await cli('payments', 'resolve', itemId, '--note', 'twice');
    expect(again.code).toBe(2);
    expect(again.json).toMatchObject({ error: { code: 'RECONCILIATION_ITEM_RESOLVED' } });

    const report = await runCli(['payments', 'reconciliation', '--date', today, '--csv', '--data-dir', dir.path]);
    const [header, line] = report.stdout.trim().split('\n');
    expect(header).toBe('itemId,date,kind,status,paymentId,payflowId,fidelisAmount,fidelisStatus,payflowAmount,payflowStatus,currency,resolvedBy,note');
    expect(line).toBe(`${itemId},${today},STATUS_MISMATCH,resolved,${paymentId},${payflowId},125.50,pending,125.50,completed,USD,all,Completion webhook lost; PayFlow confirms payment`);
  });
});
