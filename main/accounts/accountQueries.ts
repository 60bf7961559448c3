/**
 * The account list (AccountSummary + AccountDirectory read models), one account now or at a point in time (the host's
 * fold and host.accountAt) and its audit timeline, paged in main. The timeline's running balance is folded while
 * the page is read: from the balance before the page (a snapshot-backed load) through the page's own events.
 */

import type { MethodParsedInput, MethodResult } from '@fidelis/shared/api/contract.js';
import { DomainError } from '@fidelis/shared/errors.js';
import { streamIdOf } from '@fidelis/shared/events/envelope.js';
import type { EventRegistry } from '@fidelis/shared/events/registry.js';
import { createStreamReader } from '@fidelis/shared/events/streamReader.js';
import { ACCOUNT_CATEGORY, accountDecider, initialAccountState, type AccountEvent, type AccountState } from '@fidelis/shared/accounts/index.js';
import { formatAmount, parseAmount } from '@fidelis/shared/money/money.js';
import type { AccountSummaryView } from '@fidelis/shared/ledger/readModels/accountSummary.js';
import type { Host } from '../host.js';

/** What the account queries read from the host. */
export type AccountReads = Pick<Host, 'getAccount' | 'readStream' | 'accountAt' | 'readModels' | 'store'>;

export async function listAccounts(host: AccountReads, input: MethodParsedInput<'accounts.list'>): Promise<MethodResult<'accounts.list'>> {
  const { total, items } = await host.readModels.accountSummaries.search({ text: input.search, offset: input.offset, limit: input.limit });
  return {
    total,
    items: items.map((summary) => ({
      accountId: summary.accountId,
      number: summary.number,
      holder: summary.holder,
      currency: summary.currency,
      balance: summary.balance,
      status: summary.status,
      version: summary.version,
    })),
  };
}

async function requireAccount(host: AccountReads, accountId: string): Promise<AccountSummaryView> {
  const summary = await host.readModels.accountSummaries.get(accountId);
  if (!summary) throw new DomainError('ACCOUNT_NOT_FOUND', `No account ${accountId}.`, 'accountId');
  return summary;
}

export async function getAccount(host: AccountReads, input: MethodParsedInput<'account.get'>): Promise<MethodResult<'account.get'>> {
  await requireAccount(host, input.accountId);
  const account = await host.getAccount(input.accountId);
  if (!account) throw new DomainError('ACCOUNT_NOT_FOUND', `No account ${input.accountId}.`, 'accountId');
  const headVersion = account.version;
  if (input.atVersion === undefined && input.asOf === undefined) return { account, headVersion, pointInTime: null };
  if (input.atVersion !== undefined && input.atVersion >= headVersion) return { account, headVersion, pointInTime: { version: headVersion } };
  // History is folded by the host from the stream itself (from a snapshot when there is one): what the ledger decided on.
  const past = await host.accountAt(input.accountId, input.asOf !== undefined ? { asOf: input.asOf } : { atVersion: input.atVersion });
  return { account: past.account, headVersion: past.headVersion, pointInTime: { version: past.pointInTime.version, ...(input.asOf ? { asOf: input.asOf } : {}) } };
}

/** A formatted balance back to minor units (it may be negative on an overdrawn account). */
function minorOf(balance: string, currency: string): bigint {
  const negative = balance.startsWith('-');
  const minor = parseAmount(negative ? balance.slice(1) : balance, currency, 'balance');
  return negative ? -minor : minor;
}

export async function accountTimeline(host: AccountReads, registry: EventRegistry, input: MethodParsedInput<'account.timeline'>): Promise<MethodResult<'account.timeline'>> {
  const { currency } = await requireAccount(host, input.accountId);
  const streamId = streamIdOf(ACCOUNT_CATEGORY, input.accountId);
  const head = await host.store.streamVersion(streamId);
  const top = Math.min(input.toVersion ?? head, head);
  const total = top + 1;
  const newest = top - input.offset;
  const oldest = Math.max(0, newest - input.limit + 1);
  if (newest < 0) return { total, currency, items: [] };

  const [before, events] = await Promise.all([
    oldest === 0 ? undefined : host.getAccount(input.accountId, { toVersion: oldest - 1 }),
    host.readStream(streamId, { fromVersion: oldest, toVersion: newest }),
  ]);
  // The reader is given the stream's facts (the currency), so v1/v2 deposits upcast as they do everywhere else.
  const reader = createStreamReader(registry, streamId, oldest === 0 ? {} : { currency });
  let state: AccountState = before
    ? { ...initialAccountState, status: 'ACTIVE', accountId: input.accountId, currency, balance: minorOf(before.balance, currency), version: oldest - 1 }
    : initialAccountState;
  const rows = events.map((envelope) => {
    const event = reader.decode(envelope) as AccountEvent | undefined;
    const balanceBefore = state.balance;
    // An unknown type (from a newer build) moves no money this build knows of.
    state = event ? accountDecider.evolve(state, event) : { ...state, version: envelope.version };
    const delta = state.balance - balanceBefore;
    return {
      eventId: envelope.id,
      version: envelope.version,
      seq: envelope.seq,
      type: envelope.type.replace(/^Fidelis\.|\.v\d+$/g, ''),
      occurredAt: envelope.occurredAt,
      amount: delta === 0n ? null : formatAmount(delta, currency),
      runningBalance: formatAmount(state.balance, currency),
      detail: describe(event?.data),
      sourceType: textOf(event?.data, 'sourceType'),
      reference: textOf(event?.data, 'reference'),
      reason: textOf(event?.data, 'reason'),
      originalVersion: event && 'originalVersion' in event.data ? event.data.originalVersion : null,
      actor: envelope.meta.actor,
      approvedBy: typeof envelope.meta.approvedBy === 'string' ? envelope.meta.approvedBy : null,
      workstation: envelope.meta.deviceId,
      branchId: envelope.meta.branchId,
      correlationId: envelope.meta.correlationId,
    };
  });
  return { total, currency, items: rows.reverse() };
}

const textOf = (data: unknown, field: string): string | null => {
  const value = data && typeof data === 'object' ? (data as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' ? value : null;
};

/** A short human line from the payload: source, reference, reason, holder — whatever the event carries. */
function describe(data: unknown): string {
  if (!data || typeof data !== 'object') return '';
  const record = data as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof record.sourceType === 'string') parts.push(record.sourceType);
  if (typeof record.holder === 'string') parts.push(`holder ${record.holder}`);
  if (typeof record.reference === 'string') parts.push(`ref ${record.reference}`);
  // A reversal names the movement it compensates (its event id, as the timeline lists it) before its reason.
  if (typeof record.originalEventId === 'string') parts.push(`reverses ${record.originalEventId}`);
  if (typeof record.reason === 'string') parts.push(record.reason);
  return parts.join(' · ');
}
