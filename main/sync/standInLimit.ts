/**
 * The stand-in limit: while the gateway cannot be reached, a workstation pays out at most a set amount per account
 * and day (its own unsynced withdrawals), unless a supervisor recorded an override. It bounds what two offline
 * workstations can overdraw together before sync rebases one of them. Supervisors' overrides are recorded here too.
 */

import { ulid } from '../ids.js';
import { z } from 'zod';
import { parseEventTypeName, streamIdOf, type EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { DomainError } from '@fidelis/shared/errors.js';
import { ACCOUNT_CATEGORY } from '@fidelis/shared/accounts/index.js';
import { businessDayOf } from '@fidelis/shared/ledger/businessDay.js';
import { formatMoney } from '@fidelis/shared/money/display.js';
import { parseAmount, parseEnteredAmount } from '@fidelis/shared/money/money.js';
import { STAND_IN_CATEGORY } from '@fidelis/shared/sync/syncEvents.js';
import { parseOrThrow } from '@fidelis/shared/validation.js';
import type { EventStore } from '../store/eventStore.js';
import type { RebasingCommands } from './rebasingCommands.js';
import type { SyncEventWriter } from './syncEventWriter.js';
import type { SyncRecords } from './syncRecords.js';

const nameOf = (event: EventEnvelope) => parseEventTypeName(event.type)?.name;

/** The account's currency, from its opening event; undefined when there is no such account (the decider will say so). */
export async function accountCurrency(store: EventStore, accountId: string): Promise<string | undefined> {
  const [opened] = await store.readStream(streamIdOf(ACCOUNT_CATEGORY, accountId), { toVersion: 0 });
  return opened && nameOf(opened) === 'AccountOpened' ? String(opened.data.currency) : undefined;
}

export async function checkStandInLimit(
  deps: { store: EventStore; records: SyncRecords; deviceId: string; now: Date; limit: string; timeZone: string },
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
  // "Today" is the branch's business day, as everywhere else.
  const day = businessDayOf(deps.now, deps.timeZone);
  const events = await deps.store.readStream(streamIdOf(ACCOUNT_CATEGORY, command.accountId));
  const offline = events.filter((e) => nameOf(e) === 'WithdrawalMade' && e.gpos === null && e.meta.deviceId === deps.deviceId && businessDayOf(e.occurredAt, deps.timeZone) === day);
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
      `The gateway is unreachable: offline withdrawals from this account today would reach ${formatMoney(used + amount, currency)}, above the stand-in limit of ${formatMoney(limit, currency)}. A supervisor can record an override (fidelis sync override).`,
      'amount',
    );
  }
}

/** A supervisor's override as typed (the CLI hands it over raw): checked before anything is read or written. */
const overrideInputSchema = z.object({
  accountId: z.string().trim().min(1, 'Choose an account.').max(128),
  amount: z.string().max(40, 'That amount is too long.'),
  supervisor: z.string().trim().min(1, "Enter the supervisor's name.").max(100, "A supervisor's name has at most 100 characters."),
  reason: z.string().trim().max(280, 'A reason has at most 280 characters.').optional(),
});

export type StandInOverrideInput = z.input<typeof overrideInputSchema>;

export interface StandInLimits {
  /** Records a supervisor's override: today, this account may pay out `amount` more while offline. */
  override(input: StandInOverrideInput): Promise<{ accountId: string; day: string; amount: string; currency: string }>;
  /** Called before a command runs: refuses an offline withdrawal past the stand-in limit. */
  beforeCommand(command: { type: string; accountId?: string; amount?: string }, commandId: string): Promise<void>;
}

export interface StandInLimitDeps {
  readonly store: EventStore;
  readonly records: SyncRecords;
  readonly writeEvent: SyncEventWriter;
  readonly rebasing: RebasingCommands;
  readonly deviceId: string;
  readonly clock: () => Date;
  /** The branch's time zone (settings.timeZone): the limit is per business day. */
  readonly timeZone: () => string;
  /** Whether the gateway answered the last pass: the limit applies only while it did not. */
  readonly online: () => boolean;
}

export function createStandInLimits(deps: StandInLimitDeps): StandInLimits {
  return {
    async override(raw) {
      const input = parseOrThrow(overrideInputSchema, raw);
      const currency = await accountCurrency(deps.store, input.accountId);
      if (!currency) throw new DomainError('ACCOUNT_NOT_FOUND', `No account ${input.accountId}.`, 'accountId');
      const minor = parseEnteredAmount(input.amount, currency);
      const day = businessDayOf(deps.clock(), deps.timeZone());
      await deps.writeEvent(
        streamIdOf(STAND_IN_CATEGORY, input.accountId),
        { type: 'StandInLimitOverridden', data: { accountId: input.accountId, day, amount: minor.toString(), supervisor: input.supervisor, ...(input.reason ? { reason: input.reason } : {}) } },
        { commandId: ulid(), actor: input.supervisor },
      );
      return { accountId: input.accountId, day, amount: input.amount, currency };
    },

    async beforeCommand(command, commandId) {
      if (command.type !== 'MakeWithdrawal' || deps.online() || deps.rebasing.has(commandId) || !command.accountId || command.amount === undefined) return;
      const config = await deps.records.config();
      if (!config) return;
      await checkStandInLimit({ store: deps.store, records: deps.records, deviceId: deps.deviceId, now: deps.clock(), limit: config.standInLimit, timeZone: deps.timeZone() }, { accountId: command.accountId, amount: command.amount });
    },
  };
}
