/** The processing CLI on disk: import accounts, alerts, subscription status, metrics, dead-letter queues and rebuilds. */

import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../../support/processes.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

// Each spawn costs seconds: the tests share one data dir and run in order, each building on the last.
describe('processing from the fidelis CLI', { timeout: 180_000 }, () => {
  let dir: TempDir;
  let accountId: string;
  const cli = (...args: string[]): Promise<CliResult> => runCli([...args, '--data-dir', dir.path, '--json']);

  beforeAll(() => {
    dir = makeTempDir();
  });
  afterAll(() => dir?.remove());

  it('imports accounts from CSV, reports rejected rows, and skips imported rows on a re-run', async () => {
    const file = dir.join('legacy.csv');
    writeFileSync(file, 'number,holder,currency,opening balance,opened on\nLEG-1,Ada Lovelace,USD,25000.00,2015-02-03\nLEG-2,Bad Amount,USD,12.345,2015-02-03\n');
    const first = await cli('import', 'accounts', file);
    expect(first.code, first.stderr).toBe(0);
    expect(first.json).toMatchObject({ rows: 2, imported: 1, skipped: 0, rejected: [{ line: 3, number: 'LEG-2', field: 'openingDeposit' }] });
    accountId = (first.json as { accounts: { accountId: string }[] }).accounts[0]!.accountId;
    const again = await cli('import', 'accounts', file);
    expect(again.json).toMatchObject({ rows: 2, imported: 0, skipped: 1 });
  });

  it('lists the alert a large withdrawal raised, and acknowledges it', async () => {
    expect((await cli('account', 'withdraw', accountId, '--amount', '6000')).code).toBe(0);
    const listed = await cli('alerts', 'list');
    expect(listed.json).toMatchObject({ alerts: [{ kind: 'LARGE_WITHDRAWAL', amount: '600000', status: 'OPEN' }] });
    const id = (listed.json as { alerts: { id: string }[] }).alerts[0]!.id;
    const acked = await cli('alerts', 'ack', id, '--note', 'called the customer');
    // The signed-in person (--user) acknowledges: the command line has no way to name someone else.
    expect(acked.json).toMatchObject({ id, status: 'ACKNOWLEDGED', acknowledgedBy: 'all' });
    // The next command's host finds it acknowledged: the acknowledgement is an event its compliance handler folded in.
    expect((await cli('alerts', 'list', '--all')).json).toMatchObject({ alerts: [{ id, status: 'ACKNOWLEDGED', acknowledgedBy: 'all', note: 'called the customer' }] });
  });

  it('shows subscription status and metrics, rebuilds a projection, and refuses an unconfirmed purge', async () => {
    const status = await cli('subscriptions', 'status');
    expect(status.code, status.stderr).toBe(0);
    const subscriptions = (status.json as { subscriptions: { name: string; status: string; lag: number; deadLetters: number }[] }).subscriptions;
    expect(subscriptions.find((s) => s.name === 'projection:AccountSummary')).toMatchObject({ status: 'ok', lag: 0, deadLetters: 0 });

    const metrics = await runCli(['metrics', '--data-dir', dir.path]);
    expect(metrics.stdout).toContain('fidelis_subscription_lag{subscription="compliance-alerts"}');
    expect(metrics.stdout).toContain('# TYPE fidelis_append_latency_seconds histogram');

    const rebuilt = await cli('projection', 'rebuild', 'AccountSummary');
    expect(rebuilt.json).toMatchObject({ rebuilt: [{ projection: 'AccountSummary', dispatched: 2, skippedUnknown: 0 }] });

    const purge = await cli('dlq', 'purge', '--subscription', 'notifications');
    expect(purge.code).toBe(2);
    expect(purge.json).toMatchObject({ error: { code: 'VALIDATION', field: 'yes' } });
    expect((await cli('dlq', 'list')).json).toEqual({ deadLetters: [] });
  });
});
