/**
 * The stand-in limit: while the gateway cannot be reached, a workstation pays out at most a set amount per account
 * and day (its own unsynced withdrawals), unless a supervisor recorded an override. It bounds what two offline
 * workstations can overdraw together before sync rebases one of them.
 */

import { parseEventTypeName, streamIdOf, type EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { DomainError } from '@fidelis/shared/errors.js';
import { ACCOUNT_CATEGORY } from '@fidelis/shared/accounts/index.js';
import { formatAmount, parseAmount } from '@fidelis/shared/money/money.js';
import { STAND_IN_CATEGORY } from '@fidelis/shared/sync/syncEvents.js';
import type { EventStore } from '../store/eventStore.js';
import type { SyncRecords } from './syncRecords.js';

const nameOf = (event: EventEnvelope) => parseEventTypeName(event.type)?.name;

export const utcDay = (date: Date): string => date.toISOString().slice(0, 10);

/** The account's currency, from its opening event; undefined when there is no such account (the decider will say so). */
export async function accountCurrency(store: EventStore, accountId: string): Promise<string | undefined> {
  const [opened] = await store.readStream(streamIdOf(ACCOUNT_CATEGORY, accountId), { toVersion: 0 });
  return opened && nameOf(opened) === 'AccountOpened' ? String(opened.data.currency) : undefined;
}

export async function checkStandInLimit(
  deps: { store: EventStore; records: SyncRecords; deviceId: string; now: Date; limit: string },
  command: { accountId: string; amount: string },
): Promise<void> {
  const currency = await accountCurrency(deps.store, command.accountId);
  if (!currency) return;
  let amount: bigint;
  try {
    amount = parseAmount(command.amount, currency);
  } catch {
    return; // the decider reports a bad amount with its own message
  }
  const day = utcDay(deps.now);
  const events = await deps.store.readStream(streamIdOf(ACCOUNT_CATEGORY, command.accountId));
  const offline = events.filter((e) => nameOf(e) === 'WithdrawalMade' && e.gpos === null && e.meta.deviceId === deps.deviceId && e.occurredAt.startsWith(day));
  // A withdrawal's commit is confirmed under its first event's id (a commit may start with a hold release).
  const firstOfCommand = new Map<string, string>();
  for (const e of events) if (!firstOfCommand.has(e.meta.commandId)) firstOfCommand.set(e.meta.commandId, e.id);
  const confirmed = await deps.records.confirmedAmong(offline.map((e) => firstOfCommand.get(e.meta.commandId)!));
  const used = offline.filter((e) => !confirmed.has(firstOfCommand.get(e.meta.commandId)!)).reduce((sum, e) => sum + BigInt(String(e.data.amount)), 0n);
  const overrides = (await deps.store.readStream(streamIdOf(STAND_IN_CATEGORY, command.accountId)))
    .filter((e) => nameOf(e) === 'StandInLimitOverridden' && e.data.day === day)
    .reduce((sum, e) => sum + BigInt(String(e.data.amount)), 0n);
  const limit = parseAmount(deps.limit, currency) + overrides;
  if (used + amount > limit) {
    throw new DomainError(
      'SYNC_OFFLINE_LIMIT',
      `The gateway is unreachable: offline withdrawals from this account today would reach ${formatAmount(used + amount, currency)} ${currency}, above the stand-in limit of ${formatAmount(limit, currency)} ${currency}. A supervisor can record an override (fidelis sync override).`,
      'amount',
    );
  }
}
