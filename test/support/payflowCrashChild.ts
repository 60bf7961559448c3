/**
 * A host process for the PayFlow crash test: `DIR PAYFLOW_URL API_KEY GATEWAY_URL DEVICE_ID SECRET MODE`.
 * MODE `crash`: on a fresh data dir, opens account src (1,000), configures PayFlow and the gateway, sends payment
 * pay-1 of 250 and SIGKILLs itself right after PayFlow accepted it, before the acceptance is recorded.
 * MODE `end`: reopens the data dir; the queue sends pay-1 again (same Idempotency-Key), the inbox brings PayFlow's
 * completion; once the payment is COMPLETED it prints the outcome as one JSON line.
 */

import { writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createHost } from '../../main/host.js';
import { streamIdOf } from '@fidelis/shared/events/envelope.js';

const [dataDir, payflowUrl, apiKey, gatewayUrl, deviceId, secret, mode] = process.argv.slice(2);
const say = (line: string) => writeSync(1, `${line}\n`);

const host = await createHost({
  dataDir: dataDir!,
  settings: { branchId: 'BR001', deviceId: deviceId!, payflowInboxIntervalMs: 0, payflowQueueBaseMs: 20, payflowQueueMaxMs: 200 },
  afterPayflowAccepted: (paymentId, payflowId) => {
    say(`accepted ${paymentId} ${payflowId}`);
    if (mode === 'crash') process.kill(process.pid, 'SIGKILL');
  },
});

if (mode === 'crash') {
  await host.sync.configure({ gatewayUrl: gatewayUrl!, deviceId: deviceId!, secret: secret!, standInLimit: '1000000' });
  await host.execute({ type: 'OpenAccount', accountId: 'src', number: 'A-1', holder: 'Alice', openingDeposit: '1000' });
  await host.payments.send({ paymentId: 'pay-1', accountId: 'src', amount: '250', beneficiary: { name: 'Bob', accountNumber: 'GB33BUKB20201555555555', bankCode: 'BUKBGB22' } });
  // Configured after the hold: the queue sends as soon as it is.
  await host.payments.configure({ url: payflowUrl!, apiKey: apiKey! });
  await host.payments.runQueue();
  await sleep(10_000);
  say('not killed');
  process.exit(3);
}

for (let round = 0; round < 200; round++) {
  await host.payments.runQueue();
  await host.sync.syncNow();
  await host.payments.pullInbox();
  await host.processing.settle();
  if ((await host.payments.show('pay-1')).status === 'COMPLETED') break;
  await sleep(50);
}
const outcome = {
  payment: await host.payments.show('pay-1'),
  src: await host.getAccount('src'),
  srcEvents: (await host.readStream(streamIdOf('account', 'src'))).map((e) => `${e.type.split('.')[1]}${e.data.reference ? ` ${String(e.data.reference)}` : ''}`),
  paymentEvents: (await host.readStream(streamIdOf('payment', 'pay-1'))).map((e) => e.type.split('.')[1]),
  deadLetters: (await host.processing.deadLetters.list()).length,
};
await host.close();
say(JSON.stringify(outcome));
