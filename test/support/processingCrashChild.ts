/**
 * A host in a child process for the processing crash test. Modes:
 *   write DIR N    N accounts, 4 deposits each (one large), commands in parallel with the background subscribers
 *                  stopped; prints {"written":…} and SIGKILLs itself, leaving them behind.
 *   catchup DIR    opens the host (subscribers resume from their checkpoints), prints {"opened":…} with the lag, and
 *                  SIGKILLs itself as soon as some subscriber has moved.
 *   verify DIR N   lets every subscriber catch up and prints what the read models and handlers hold.
 */

import { createHost } from '../../main/host.js';
import { accountFactStreamOf } from '@fidelis/shared/ledger/readModels/accountFacts.js';

const [mode, dataDir, accounts] = process.argv.slice(2);
const ACCOUNTS = Number(accounts);
const DEPOSITS = 4;
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

// Catching up one event per batch writes a checkpoint per event: the catch-up outlasts start-up, so the kill lands inside it.
const host = await createHost({ dataDir: dataDir!, ...(mode === 'catchup' ? { settings: { processingBatchSize: 1 } } : {}) });

if (mode === 'write') {
  // Background subscribers stop here (their checkpoints stay): the next host is sure to find catch-up work.
  for (const { name, mode: delivery } of await host.processing.status()) if (delivery === 'async') await host.processing.remove(name);
  await Promise.all(
    Array.from({ length: ACCOUNTS }, async (_, i) => {
      const accountId = `crash-${i}`;
      await host.execute({ type: 'OpenAccount', accountId, number: `CR-${i}`, holder: `Holder ${i}`, openingDeposit: '1000' });
      for (let d = 0; d < DEPOSITS; d++) await host.execute({ type: 'MakeDeposit', accountId, amount: d === 2 ? '12000' : '100', sourceType: 'cash' });
    }),
  );
  const lag = Math.max(...(await host.processing.status()).map((s) => s.lag));
  print({ written: host.store.headSeq(), lag });
  process.kill(process.pid, 'SIGKILL');
} else if (mode === 'catchup') {
  const before = new Map((await host.processing.status()).map((s) => [s.name, s.position]));
  const behind = [...before.values()].filter((p) => p < host.store.headSeq()).length;
  print({ opened: true, head: host.store.headSeq(), behind });
  // Nothing behind would leave no catch-up to interrupt (and the loop below waiting forever): the test says so.
  if (behind === 0) process.exit(3);
  for (;;) {
    const moved = (await host.processing.status()).some((s) => s.position > (before.get(s.name) ?? 0));
    if (moved) process.kill(process.pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
} else if (mode === 'verify') {
  await host.processing.settle();
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => `crash-${i}`);
  const facts = await Promise.all(accounts.map(async (id) => (await host.readStream(accountFactStreamOf(id))).length));
  const accountEvents = await Promise.all(accounts.map(async (id) => (await host.readStream(`account-${id}`)).length));
  const summaries = await Promise.all(accounts.map(async (id) => (await host.readModels.accountSummaries.get(id))?.balance));
  const views = await Promise.all(accounts.map(async (id) => (await host.getAccount(id))?.balance));
  const alerts = await host.alerts.list();
  const [day] = await host.readModels.dashboard.days();
  const trial = await host.readModels.journal.trialBalance();
  print({
    facts,
    accountEvents,
    summaries,
    views,
    alerts: alerts.length,
    notifications: (await host.alerts.notifications()).length,
    dashboardDeposits: day?.deposits.count,
    journalEntries: (await Promise.all(accounts.map(async (id) => (await host.readModels.journal.entriesOf(id)).length))).reduce((a, b) => a + b, 0),
    feed: (await host.readModels.activityFeed.list({ limit: 1000 })).length,
    trialBalanced: trial.every((d) => d.balanced),
    deadLetters: (await host.processing.deadLetters.list()).length,
    lag: Math.max(...(await host.processing.status()).map((s) => s.lag)),
  });
  await host.close();
  process.exit(0);
}
