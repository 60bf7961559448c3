/**
 * Fact events (SCENARIOS 18): after every save of an account, one event carrying the account's full state, on
 * stream `fact-account-<id>`, so consumers outside the ledger (reports, a data warehouse) never fold events.
 */

import { z } from 'zod';
import type { DomainEvent } from '../../decider.js';
import { streamIdOf } from '../../events/envelope.js';
import { MINOR_UNITS } from '../../money/money.js';
import type { AccountState } from '../../accounts/state.js';

export const FACT_CATEGORY = 'fact';

export const accountFactStreamOf = (accountId: string): string => streamIdOf(FACT_CATEGORY, `account-${accountId}`);

export const accountFactSchema = z.object({
  accountId: z.string().min(1),
  number: z.string(),
  holder: z.string(),
  currency: z.string().length(3),
  balance: z.string().regex(MINOR_UNITS),
  overdraftLimit: z.string().regex(MINOR_UNITS),
  heldAmount: z.string().regex(MINOR_UNITS),
  status: z.enum(['ACTIVE', 'CLOSED']),
  /** The account's stream version this fact describes (the fact stream's version equals it). */
  accountVersion: z.number().int().nonnegative(),
  sourceEventId: z.string().min(1),
  sourceEventType: z.string().min(1),
});

export type AccountFactData = z.infer<typeof accountFactSchema>;
export type AccountFact = DomainEvent<'AccountFact', AccountFactData>;

export const accountFactEventSchemas = {
  AccountFact: { version: 1, schema: accountFactSchema },
} as const;

export function accountFactOf(state: AccountState, source: { id: string; type: string }): AccountFact | undefined {
  if (state.status === 'NONE') return undefined;
  const held = Object.values(state.holds).reduce((sum, amount) => sum + amount, 0n);
  return {
    type: 'AccountFact',
    data: {
      accountId: state.accountId,
      number: state.number,
      holder: state.holder,
      currency: state.currency,
      balance: state.balance.toString(),
      overdraftLimit: state.overdraftLimit.toString(),
      heldAmount: held.toString(),
      status: state.status,
      accountVersion: state.version,
      sourceEventId: source.id,
      sourceEventType: source.type,
    },
  };
}

/** AccountReport: the latest fact of each account, with how many facts it has seen. */
export interface AccountReport extends AccountFactData {
  readonly factCount: number;
  readonly asOf: string;
}

export const evolveAccountReport = (current: AccountReport | undefined, fact: AccountFactData, occurredAt: string): AccountReport => ({
  ...fact,
  factCount: (current?.factCount ?? 0) + 1,
  asOf: occurredAt,
});
