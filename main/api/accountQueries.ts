/** The account list, one account (now or at a point in time) and its audit timeline, paged in main. */

import type { MethodParsedInput, MethodResult } from '../../shared/api/contract.js';
import { DomainError } from '../../shared/errors.js';
import { streamIdOf } from '../../shared/events/envelope.js';
import type { EventRegistry } from '../../shared/events/registry.js';
import { ACCOUNT_CATEGORY, toAccountView } from '../../shared/ledger/account/index.js';
import { formatAmount } from '../../shared/money/money.js';
import type { Host } from '../host.js';

/** What the account queries read from the host. */
type LedgerReads = Pick<Host, 'getAccount' | 'readStream'>;
import { versionAsOf, type AccountsIndex, type IndexedAccount } from './accountsIndex.js';

export function listAccounts(index: AccountsIndex, input: MethodParsedInput<'accounts.list'>): MethodResult<'accounts.list'> {
  const matches = index.search(input.search);
  return {
    total: matches.length,
    items: matches.slice(input.offset, input.offset + input.limit).map(({ state }) => ({
      accountId: state.accountId,
      number: state.number,
      holder: state.holder,
      currency: state.currency,
      balance: formatAmount(state.balance, state.currency),
      status: state.status === 'CLOSED' ? 'CLOSED' : 'ACTIVE',
      version: state.version,
    })),
  };
}

function requireAccount(index: AccountsIndex, accountId: string): IndexedAccount {
  const entry = index.get(accountId);
  if (!entry) throw new DomainError('ACCOUNT_NOT_FOUND', `No account ${accountId}.`, 'accountId');
  return entry;
}

export async function getAccount(host: LedgerReads, index: AccountsIndex, input: MethodParsedInput<'account.get'>): Promise<MethodResult<'account.get'>> {
  const entry = requireAccount(index, input.accountId);
  const headVersion = entry.state.version;
  let version = input.atVersion;
  if (input.asOf !== undefined) {
    version = versionAsOf(entry, Date.parse(input.asOf));
    if (version < 0) throw new DomainError('NOT_FOUND', 'The account did not exist yet at that time.', 'asOf');
  }
  if (version === undefined || version >= headVersion) {
    const view = toAccountView(entry.state)!;
    return { account: view, headVersion, pointInTime: version === undefined ? null : { version: headVersion, ...(input.asOf ? { asOf: input.asOf } : {}) } };
  }
  // A past state is folded by the host from the stream itself, so it is exactly what the ledger would decide on.
  const view = await host.getAccount(input.accountId, { toVersion: version });
  if (!view) throw new DomainError('NOT_FOUND', `The account has no version ${version}.`, 'atVersion');
  return { account: view, headVersion, pointInTime: { version, ...(input.asOf ? { asOf: input.asOf } : {}) } };
}

export async function accountTimeline(
  host: LedgerReads,
  index: AccountsIndex,
  registry: EventRegistry,
  input: MethodParsedInput<'account.timeline'>,
): Promise<MethodResult<'account.timeline'>> {
  const entry = requireAccount(index, input.accountId);
  const { currency } = entry.state;
  const top = Math.min(input.toVersion ?? entry.state.version, entry.state.version);
  const total = top + 1;
  const newest = top - input.offset;
  const oldest = Math.max(0, newest - input.limit + 1);
  if (newest < 0) return { total, currency, items: [] };
  const events = await host.readStream(streamIdOf(ACCOUNT_CATEGORY, input.accountId), { fromVersion: oldest, toVersion: newest });
  const items = events.reverse().map((envelope) => {
    const after = entry.balances[envelope.version]!;
    const before = envelope.version === 0 ? 0n : entry.balances[envelope.version - 1]!;
    const delta = after - before;
    const event = registry.decode(envelope.type, envelope.data);
    return {
      eventId: envelope.id,
      version: envelope.version,
      seq: envelope.seq,
      type: envelope.type.replace(/^Fidelis\.|\.v\d+$/g, ''),
      occurredAt: envelope.occurredAt,
      amount: delta === 0n ? null : formatAmount(delta, currency),
      runningBalance: formatAmount(after, currency),
      detail: describe(event?.data),
      actor: envelope.meta.actor,
      workstation: envelope.meta.deviceId,
      branchId: envelope.meta.branchId,
      correlationId: envelope.meta.correlationId,
    };
  });
  return { total, currency, items };
}

/** A short human line from the payload: source, reference, reason, holder — whatever the event carries. */
function describe(data: unknown): string {
  if (!data || typeof data !== 'object') return '';
  const record = data as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof record.sourceType === 'string') parts.push(record.sourceType);
  if (typeof record.holder === 'string') parts.push(`holder ${record.holder}`);
  if (typeof record.reference === 'string') parts.push(`ref ${record.reference}`);
  if (typeof record.reason === 'string') parts.push(record.reason);
  return parts.join(' · ');
}
