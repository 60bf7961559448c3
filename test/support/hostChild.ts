/**
 * A host in a child process, for tests that need a second process on a data dir (indexeddbshim allows one data dir per
 * process). Modes:
 *   hold DIR         open the host, print {"ready":true}, keep it open until stdin closes.
 *   append-loop DIR  append forever: deposits through the pipeline on a few accounts, and raw 3-event commits, all at
 *                    once; prints `ack {"commandId","events":[{seq,streamId,version}]}` for each acknowledged command.
 *   inspect DIR      read every event by seq, append once raw and once through the pipeline, read what follows; prints
 *                    one JSON line.
 */

import { randomUUID } from 'node:crypto';
import { createHost, type Host } from '../../main/host.js';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { appendRequest } from './storeFixtures.js';

const [mode, dataDir] = process.argv.slice(2);

/** Lines go straight to the pipe (synchronous on Linux): a printed ack was acknowledged before the process died. */
const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const ackOf = (commandId: string, events: readonly EventEnvelope[]) =>
  `ack ${JSON.stringify({ commandId, events: events.map(({ seq, streamId, version }) => ({ seq, streamId, version })) })}`;

async function hold(): Promise<void> {
  print(JSON.stringify({ ready: true, pid: process.pid }));
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.on('end', resolve));
}

async function appendLoop(host: Host): Promise<never> {
  const depositLoop = async (index: number): Promise<never> => {
    const accountId = `crash-${index}-${randomUUID().slice(0, 8)}`;
    const opened = await host.execute({ type: 'OpenAccount', accountId, number: `CR-${index}`, holder: 'Crash Test', openingDeposit: '0' });
    print(ackOf(opened.events[0]!.meta.commandId, opened.events));
    for (;;) {
      const outcome = await host.execute({ type: 'MakeDeposit', accountId, amount: '1.00' });
      print(ackOf(outcome.events[0]!.meta.commandId, outcome.events));
    }
  };
  const rawLoop = async (index: number): Promise<never> => {
    const streamId = `raw-${index}`;
    for (let version = -1; ; version += 3) {
      const result = await host.store.append(appendRequest(streamId, version, 3));
      print(ackOf(result.events[0]!.meta.commandId, result.events));
    }
  };
  return Promise.race([0, 1, 2, 3].map(depositLoop).concat([0, 1].map(rawLoop)));
}

async function inspect(host: Host): Promise<void> {
  const events: EventEnvelope[] = [];
  for (let after = 0; ; ) {
    const page = await host.store.readAll(after, 500);
    if (page.length === 0) break;
    events.push(...page);
    after = page.at(-1)!.seq;
  }
  const headBefore = host.store.headSeq();
  const raw = await host.store.append(appendRequest('resumed', 'no-stream', 1));
  const account = events.find((e) => e.type.startsWith('Fidelis.AccountOpened.'));
  const deposit = account && (await host.execute({ type: 'MakeDeposit', accountId: account.data.accountId, amount: '1.00' }));
  await host.store.drain();
  const after = await host.store.readAll(headBefore, 10_000);
  print(
    JSON.stringify({
      headBefore,
      after: after.map(({ seq, streamId, version }) => ({ seq, streamId, version })),
      events: events.map(({ seq, streamId, version, type, meta }) => ({ seq, streamId, version, type, commandId: meta.commandId })),
      rawAppend: raw.events.map((e) => ({ seq: e.seq, version: e.version })),
      deposit: deposit && { streamId: deposit.streamId, seq: deposit.events[0]!.seq, version: deposit.version },
      balance: account && (await host.getAccount(String(account.data.accountId)))?.balance,
    }),
  );
}

const host = await createHost({ dataDir: dataDir! });
try {
  if (mode === 'hold') await hold();
  else if (mode === 'append-loop') await appendLoop(host);
  else if (mode === 'inspect') await inspect(host);
  else throw new Error(`Unknown mode ${mode}`);
} finally {
  await host.close();
}
process.exit(0);
