/** The gateway's domain check over pushed reversals: a workstation's reversal passes, a second one of the same movement or one past the floor does not. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCommit, type StreamSnapshot } from '../../../gateway/domainCheck.js';
import type { AccountState } from '@fidelis/shared/accounts/index.js';
import { createHost, type Host } from '../../../main/host.js';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { createLedgerEventRegistry } from '@fidelis/shared/ledger/events.js';
import type { PushCommit } from '@fidelis/shared/sync/protocol.js';

const registry = createLedgerEventRegistry();
let host: Host;
let stream: EventEnvelope[];

const commitOf = (events: EventEnvelope[]): PushCommit => ({ streamId: events[0]!.streamId, version: events[0]!.version, commandId: events[0]!.meta.commandId, commandHash: 'h', events });

/** Checks each event as its own commit, in order, as the gateway would over successive pushes. */
function checkAll(events: readonly EventEnvelope[]): { snapshot: StreamSnapshot | undefined; refusal: { code: string; message: string } | undefined } {
  let snapshot: StreamSnapshot | undefined;
  for (const event of events) {
    const result = checkCommit(registry, snapshot, commitOf([event]));
    if (!result.ok) return { snapshot, refusal: result.reason };
    snapshot = { streamId: event.streamId, branchId: 'BR001', version: event.version, hash: '', state: result.state, facts: result.facts };
  }
  return { snapshot, refusal: undefined };
}

/** The same reversal again, as a forged or stale workstation would push it: next version, new ids. */
const again = (reversal: EventEnvelope, version: number, data: Record<string, unknown> = {}): EventEnvelope => ({
  ...reversal,
  id: `${reversal.id}-again`,
  version,
  data: { ...reversal.data, ...data },
  meta: { ...reversal.meta, commandId: `${reversal.meta.commandId}-again` },
});

beforeAll(async () => {
  host = await createHost({ inMemory: true, settings: { factEvents: false } });
  await host.execute({ type: 'OpenAccount', accountId: 'g-1', number: 'G-1', holder: 'Gus', openingDeposit: '100.00' });
  const deposit = (await host.execute({ type: 'MakeDeposit', accountId: 'g-1', amount: '40.00', sourceType: 'cash' })).events[0]!;
  await host.execute({ type: 'ReverseMovement', accountId: 'g-1', originalEventId: deposit.id, reason: 'keyed twice' });
  stream = await host.readStream('account-g-1');
});

afterAll(async () => {
  await host?.close();
});

describe('the gateway checks pushed reversals', () => {
  it('accepts a reversal a workstation decided, and folds the balance back', () => {
    const { snapshot, refusal } = checkAll(stream);
    expect(refusal).toBeUndefined();
    const state = snapshot?.state as AccountState | undefined;
    expect(state?.balance).toBe(10000n);
    expect(state?.reversedEventIds).toEqual([stream[1]!.id]);
  });

  it('refuses a second reversal of the same movement with ALREADY_REVERSED', () => {
    const { refusal } = checkAll([...stream, again(stream[2]!, 3)]);
    expect(refusal).toMatchObject({ code: 'ALREADY_REVERSED' });
  });

  it('refuses a deposit reversal that takes the account below its floor with INSUFFICIENT_FUNDS', () => {
    const { refusal } = checkAll([...stream.slice(0, 2), again(stream[2]!, 2, { amount: '20000' })]);
    expect(refusal).toMatchObject({ code: 'INSUFFICIENT_FUNDS' });
  });

  it('reads a stream state stored before reversals existed (no reversedEventIds) without failing', () => {
    const { snapshot } = checkAll(stream.slice(0, 2));
    const { reversedEventIds: _none, ...older } = snapshot!.state! as AccountState;
    const result = checkCommit(registry, { ...snapshot!, state: older }, commitOf([stream[2]!]));
    expect(result).toMatchObject({ ok: true, state: { balance: 10000n, reversedEventIds: [stream[1]!.id] } });
  });
});
