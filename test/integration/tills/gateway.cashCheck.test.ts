/** The gateway's checks of pushed till, vault and day-close commits, whichever workstation decided them offline. */

import { describe, expect, it } from 'vitest';
import { checkCommit, type StreamSnapshot } from '../../../gateway/domainCheck.js';
import type { DomainEvent } from '@fidelis/shared/decider.js';
import { createLedgerEventRegistry } from '@fidelis/shared/ledger/events.js';
import type { PushCommit } from '@fidelis/shared/sync/protocol.js';
import { commitOf } from '../../support/gatewayFixtures.js';

const registry = createLedgerEventRegistry();
const TILL = 'tom:ws-test:USD';

const opened: DomainEvent = { type: 'TillOpened', data: { tillId: TILL, teller: 'tom', workstation: 'ws-test', currency: 'USD', businessDay: '2026-11-26', session: 0, expected: '0', count: {}, counted: '0', difference: '0' } };
const closed: DomainEvent = { type: 'TillClosed', data: { tillId: TILL, currency: 'USD', businessDay: '2026-11-26', session: 0, position: '0', count: {}, counted: '0', difference: '0' } };
const received = (amount: string): DomainEvent => ({ type: 'VaultCashReceived', data: { vaultId: 'BR001:USD', branchId: 'BR001', currency: 'USD', amount, reference: 'CC-1' } });
const shipped = (amount: string): DomainEvent => ({ type: 'VaultCashShipped', data: { vaultId: 'BR001:USD', branchId: 'BR001', currency: 'USD', amount, reference: 'CC-2' } });
const counted: DomainEvent = { type: 'VaultCounted', data: { vaultId: 'BR001:USD', branchId: 'BR001', currency: 'USD', businessDay: '2026-11-26', position: '500', count: {}, counted: '500', difference: '0' } };
const dayClosed = (businessDay: string): DomainEvent => ({ type: 'BusinessDayClosed', data: { branchId: 'BR001', businessDay, tills: [], vaults: [] } });

/** Checks commits in order on their streams, as successive pushes would; the gateway's streams after them, or the first refusal. */
function push(...commits: PushCommit[]) {
  const streams = new Map<string, StreamSnapshot>();
  for (const commit of commits) {
    const result = checkCommit(registry, streams.get(commit.streamId), commit, (id) => streams.get(id), () => [...streams.values()]);
    if (!result.ok) return { streams, refusal: result.reason };
    streams.set(commit.streamId, { streamId: commit.streamId, branchId: 'BR001', version: commit.version + commit.events.length - 1, hash: '', state: result.state, facts: result.facts });
  }
  return { streams, refusal: undefined };
}

const onDevice = (commit: PushCommit, deviceId: string): PushCommit => ({ ...commit, events: commit.events.map((e) => ({ ...e, meta: { ...e.meta, deviceId } })) });

describe('the gateway checks teller cash', () => {
  it('accepts a till opened and closed on its own workstation, and refuses another workstation closing it or a second opening', () => {
    expect(push(commitOf(`till-${TILL}`, 0, [opened]), commitOf(`till-${TILL}`, 1, [closed])).refusal).toBeUndefined();
    expect(push(commitOf(`till-${TILL}`, 0, [opened]), onDevice(commitOf(`till-${TILL}`, 1, [closed]), 'ws-other')).refusal).toMatchObject({ code: 'TILL_ELSEWHERE' });
    expect(push(commitOf(`till-${TILL}`, 0, [opened]), commitOf(`till-${TILL}`, 1, [opened])).refusal).toMatchObject({ code: 'TILL_ALREADY_OPEN' });
  });

  it('refuses a vault movement that takes it below zero', () => {
    expect(push(commitOf('vault-BR001:USD', 0, [received('500')]), commitOf('vault-BR001:USD', 1, [shipped('501')])).refusal).toMatchObject({ code: 'VAULT_SHORT_OF_CASH' });
  });

  it('closes a day only with every pushed till closed and every vault counted that day, once and in order', () => {
    const vault = [commitOf('vault-BR001:USD', 0, [received('500')]), commitOf('vault-BR001:USD', 1, [counted])];
    expect(push(...vault, commitOf(`till-${TILL}`, 0, [opened]), commitOf('branchday-BR001', 0, [dayClosed('2026-11-26')])).refusal).toMatchObject({ code: 'DAY_NOT_READY', message: expect.stringContaining("tom's USD till") });
    expect(push(commitOf('vault-BR001:USD', 0, [received('500')]), commitOf('branchday-BR001', 0, [dayClosed('2026-11-26')])).refusal).toMatchObject({ code: 'DAY_NOT_READY', message: expect.stringContaining('USD vault') });
    const closedDay = push(...vault, commitOf(`till-${TILL}`, 0, [opened]), commitOf(`till-${TILL}`, 1, [closed]), commitOf('branchday-BR001', 0, [dayClosed('2026-11-26')]));
    expect(closedDay.refusal).toBeUndefined();
    expect(closedDay.streams.get('branchday-BR001')?.state).toMatchObject({ lastClosed: '2026-11-26' });
    expect(push(commitOf('branchday-BR001', 0, [dayClosed('2026-11-26')]), commitOf('branchday-BR001', 1, [dayClosed('2026-11-25')])).refusal).toMatchObject({ code: 'DAY_CLOSED' });
  });
});
