/**
 * A host process for the transfer crash tests: `DIR VARIANT STEP|end`.
 * On a fresh data dir it opens accounts src (10,000) and dst (5,000; or 0 and closed when VARIANT is `compensate`)
 * and starts transfer tr-1 of 3,000; on a used one it only reopens it, so the process manager resumes tr-1.
 * It prints each process-manager step as it becomes durable and SIGKILLs itself right after STEP has been taken
 * in this process; with `end` it waits for tr-1 to finish and prints the outcome as one JSON line.
 */

import { writeSync } from 'node:fs';
import { createHost } from '../../main/host.js';
import { streamIdOf } from '@fidelis/shared/events/envelope.js';

const [dataDir, variant, crashStep] = process.argv.slice(2);
const say = (line: string) => writeSync(1, `${line}\n`);

const host = await createHost({
  dataDir: dataDir!,
  afterTransferStep: (step) => {
    say(`step ${step}`);
    if (step === crashStep) process.kill(process.pid, 'SIGKILL');
  },
});

if ((await host.store.streamVersion(streamIdOf('transfer', 'tr-1'))) < 0) {
  await host.execute({ type: 'OpenAccount', accountId: 'src', number: 'A', holder: 'Alice', openingDeposit: '10000' });
  await host.execute({ type: 'OpenAccount', accountId: 'dst', number: 'B', holder: 'Bob', openingDeposit: variant === 'compensate' ? '0' : '5000' });
  if (variant === 'compensate') await host.execute({ type: 'CloseAccount', accountId: 'dst' });
  await host.transfers.start({ transferId: 'tr-1', fromAccountId: 'src', toAccountId: 'dst', amount: '3000' });
}
const transfer = await host.transfers.waitUntilFinished('tr-1', 120_000);
if (crashStep !== 'end') say(`finished without taking step ${crashStep}`);

const eventsOf = async (streamId: string) =>
  (await host.readStream(streamId)).map((e) => `${e.type.split('.')[1]}${e.data.reference ? ` ${String(e.data.reference)}` : ''}`);
const outcome = {
  transfer,
  src: await host.getAccount('src'),
  dst: await host.getAccount('dst'),
  srcEvents: await eventsOf(streamIdOf('account', 'src')),
  dstEvents: await eventsOf(streamIdOf('account', 'dst')),
  deadLetters: (await host.processing.deadLetters.list()).length,
};
await host.close();
say(JSON.stringify(outcome));
