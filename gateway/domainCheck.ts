/**
 * Re-checks a pushed commit with the shared domain code: envelope continuity, known types, the Account invariants,
 * and that an opening holds its number's reservation (numbers are unique in a branch, whichever workstation opened).
 */

import type { DomainEvent } from '@fidelis/shared/decider.js';
import { categoryOf, parseEventTypeName, streamIdOf, type EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { EventRegistry, StreamFacts } from '@fidelis/shared/events/registry.js';
import { createStreamReader } from '@fidelis/shared/events/streamReader.js';
import {
  ACCOUNT_CATEGORY,
  ACCOUNT_NUMBER_CATEGORY,
  accountDecider,
  accountNumberAggregateId,
  accountNumberDecider,
  isReversed,
  type AccountEvent,
  type AccountNumberReserved,
  type AccountNumberState,
  type AccountState,
} from '@fidelis/shared/accounts/index.js';
import { formatMoney } from '@fidelis/shared/money/display.js';
import type { PushCommit, SyncReason } from '@fidelis/shared/sync/protocol.js';
import { checkCashEvent, initialCashState, isCashCategory, type CashState, type CashStream } from './cashCheck.js';

/** What the gateway keeps of a stream between pushes: enough to check the next commit without replaying the stream. */
export interface StreamSnapshot {
  readonly streamId: string;
  readonly branchId: string;
  /** -1 before the first event. */
  readonly version: number;
  readonly hash: string;
  /** The folded aggregate state for categories with invariants (accounts, number reservations); undefined for the others. */
  readonly state: CheckedState | undefined;
  readonly facts: StreamFacts;
}

export type CheckedState = AccountState | AccountNumberState | CashState;

export type CheckResult = { readonly ok: true; readonly state: CheckedState | undefined; readonly facts: StreamFacts } | { readonly ok: false; readonly reason: SyncReason };

/** A number reservation's stream as the gateway holds it (an opening's is checked against it). */
export type ReservationOf = (streamId: string) => StreamSnapshot | undefined;

/** The reservation stream of an opening's number, read from its stored payload. */
export function reservationStreamOf(event: Pick<EventEnvelope, 'type' | 'data' | 'meta'>): string | undefined {
  const parsed = parseEventTypeName(event.type);
  if (parsed?.name !== 'AccountOpened' || typeof event.data.number !== 'string') return undefined;
  return streamIdOf(ACCOUNT_NUMBER_CATEGORY, accountNumberAggregateId(event.meta.branchId, event.data.number));
}

const refuse = (code: string, message: string): CheckResult => ({ ok: false, reason: { code, message } });

export function checkCommit(registry: EventRegistry, stream: StreamSnapshot | undefined, commit: PushCommit, reservationOf: ReservationOf = () => undefined, branchCash: () => readonly CashStream[] = () => []): CheckResult {
  const category = categoryOf(commit.streamId);
  const reader = createStreamReader(registry, commit.streamId, stream?.facts ?? {});
  let state = category === ACCOUNT_CATEGORY ? ((stream?.state as AccountState | undefined) ?? accountDecider.initialState) : undefined;
  let reservation = category === ACCOUNT_NUMBER_CATEGORY ? ((stream?.state as AccountNumberState | undefined) ?? accountNumberDecider.initialState) : undefined;
  // Tills, vaults and the day's close (cashCheck.ts): a day's close reads the branch's tills and vaults.
  let cash = isCashCategory(category) ? ((stream?.state as CashState | undefined) ?? initialCashState(category)) : undefined;
  for (const [index, event] of commit.events.entries()) {
    if (event.streamId !== commit.streamId) return refuse('VALIDATION', `Event ${event.id} names stream ${event.streamId}, not ${commit.streamId}.`);
    if (event.version !== commit.version + index) return refuse('VALIDATION', `Event ${event.id} is at version ${event.version}; the commit needs ${commit.version + index}.`);
    if (event.meta.commandId !== commit.commandId) return refuse('VALIDATION', `Event ${event.id} belongs to command ${event.meta.commandId}, not ${commit.commandId}.`);
    let decoded: DomainEvent | undefined;
    try {
      decoded = reader.decode(event);
    } catch (error) {
      return refuse('VALIDATION', `Event ${event.id} (${event.type}) has an invalid payload: ${(error as Error).message.split('\n')[0]}`);
    }
    if (!decoded) return refuse('UNKNOWN_EVENT_TYPE', `The gateway does not know event type ${event.type}.`);
    const reservationStream = reservationStreamOf(event);
    if (reservationStream !== undefined) {
      const refusal = checkReservation(reservationOf(reservationStream)?.state as AccountNumberState | undefined, decoded as AccountEvent);
      if (refusal) return { ok: false, reason: refusal };
    }
    if (reservation) {
      // A reservation stream holds one event: the gateway's stream conflict refuses a second workstation's.
      if (reservation.accountId !== undefined) return refuse('ACCOUNT_NUMBER_TAKEN', `The number of ${commit.streamId} is already reserved for account ${reservation.accountId}.`);
      reservation = accountNumberDecider.evolve(reservation, decoded as AccountNumberReserved);
    }
    if (state) {
      const checked = checkAccountEvent(state, decoded as AccountEvent);
      if (!checked.ok) return checked;
      state = checked.state;
    }
    if (cash) {
      const checked = checkCashEvent(category, cash, decoded, event, branchCash);
      if (!checked.ok) return checked;
      cash = checked.state;
    }
  }
  return { ok: true, state: state ?? reservation ?? cash, facts: reader.facts() };
}

/**
 * An opening may not take a number another account holds. A workstation pushes its reservation before the opening;
 * when another workstation's reservation came first, that one is refused as a stream conflict and this check refuses
 * the opening. (Openings recorded before reservations existed have none, and are let through.)
 */
function checkReservation(reserved: AccountNumberState | undefined, event: AccountEvent): SyncReason | undefined {
  if (event.type !== 'AccountOpened') return undefined;
  const { accountId, number } = event.data;
  if (reserved?.accountId === undefined || reserved.accountId === accountId) return undefined;
  return { code: 'ACCOUNT_NUMBER_TAKEN', message: `Account number ${number} is already used in this branch by account ${reserved.accountId}: account ${accountId} cannot open with it.` };
}

/** The invariants no workstation may break, whatever it decided offline: no movement on a missing or closed account, the balance floor. */
function checkAccountEvent(before: AccountState, event: AccountEvent): { ok: true; state: AccountState } | { ok: false; reason: SyncReason } {
  if (event.type === 'AccountOpened') {
    if (before.status !== 'NONE') return { ok: false, reason: { code: 'ACCOUNT_EXISTS', message: `Account ${event.data.accountId} already exists.` } };
  } else if (before.status === 'NONE') {
    return { ok: false, reason: { code: 'ACCOUNT_NOT_FOUND', message: `No account for ${event.type}.` } };
  } else if (before.status === 'CLOSED') {
    return { ok: false, reason: { code: 'ACCOUNT_CLOSED', message: `Account ${before.number} is closed: ${event.type} refused.` } };
  }
  if (event.type === 'AccountClosed' && before.balance !== 0n) {
    return { ok: false, reason: { code: 'NON_ZERO_BALANCE', message: `Account ${before.number} cannot close with a balance of ${formatMoney(before.balance, before.currency)}.` } };
  }
  // A movement is reversed once, whichever workstation decided the reversal offline.
  if ((event.type === 'DepositReversed' || event.type === 'WithdrawalReversed') && isReversed(before, event.data.originalEventId)) {
    return { ok: false, reason: { code: 'ALREADY_REVERSED', message: `Movement ${event.data.originalEventId} on account ${before.number} was already reversed.` } };
  }
  const after = accountDecider.evolve(before, event);
  if (after.balance < before.balance && after.balance < -after.overdraftLimit) {
    return {
      ok: false,
      reason: { code: 'INSUFFICIENT_FUNDS', message: `${event.type} takes account ${before.number} to ${formatMoney(after.balance, after.currency)}, below its floor of ${formatMoney(-after.overdraftLimit, after.currency)}.` },
    };
  }
  return { ok: true, state: after };
}
