/**
 * A counter transaction's receipt, read back from its event: the account's stream at one version, folded to the balance
 * just after it. Nothing is stored for a receipt, so a reprint tomorrow says what the first print said.
 */

import type { ReceiptDto, ReceiptKind } from '@fidelis/shared/receipts/api.js';
import { DomainError } from '@fidelis/shared/errors.js';
import { streamIdOf, type EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { EventRegistry } from '@fidelis/shared/events/registry.js';
import { createStreamReader } from '@fidelis/shared/events/streamReader.js';
import { ACCOUNT_CATEGORY } from '@fidelis/shared/accounts/index.js';
import { formatAmount, parseAmount } from '@fidelis/shared/money/money.js';

/** Event type (unversioned) → the kind of counter transaction it records. */
const KIND_OF: Readonly<Record<string, ReceiptKind>> = {
  AccountOpened: 'opening',
  DepositMade: 'deposit',
  WithdrawalMade: 'withdrawal',
  DepositReversed: 'deposit-reversal',
  WithdrawalReversed: 'withdrawal-reversal',
};

/** An account as the receipt needs it at one version. */
interface AccountAt {
  readonly number: string;
  readonly holder: string;
  readonly currency: string;
  /** Formatted in the currency (may be negative on an overdrawn account). */
  readonly balance: string;
}

export interface ReceiptDeps {
  readStream(streamId: string, range: { fromVersion: number; toVersion: number }): Promise<readonly EventEnvelope[]>;
  /** The account folded to `toVersion`; undefined when it does not exist there. */
  accountAt(accountId: string, toVersion: number): Promise<AccountAt | undefined>;
  /** A person's name as the staff directory has it (also for someone since disabled). */
  displayNameOf(username: string): Promise<string | undefined>;
  /** The bank's and the branch's names, where the institution's details hold them. */
  institution(): Promise<{ readonly name?: string | undefined; readonly branchName?: string | undefined }>;
  readonly registry: EventRegistry;
}

const signedMinor = (balance: string, currency: string): bigint =>
  balance.startsWith('-') ? -parseAmount(balance.slice(1), currency, 'balance') : parseAmount(balance, currency, 'balance');

const textOf = (data: Record<string, unknown>, field: string): string | null => (typeof data[field] === 'string' ? data[field] : null);

export async function receiptOf(deps: ReceiptDeps, accountId: string, version: number): Promise<ReceiptDto> {
  const streamId = streamIdOf(ACCOUNT_CATEGORY, accountId);
  const [envelope] = await deps.readStream(streamId, { fromVersion: version, toVersion: version });
  const after = envelope ? await deps.accountAt(accountId, version) : undefined;
  if (!envelope || !after) throw new DomainError('NOT_FOUND', `Account ${accountId} has no event at version ${version}.`, 'version');
  const type = envelope.type.replace(/^Fidelis\.|\.v\d+$/g, '');
  const kind = KIND_OF[type];
  if (kind === undefined) throw new DomainError('VALIDATION', `Version ${version} of account ${after.number} moved no money at the counter: it has no receipt.`, 'version');
  const before = version === 0 ? undefined : await deps.accountAt(accountId, version - 1);
  const moved = signedMinor(after.balance, after.currency) - (before ? signedMinor(before.balance, after.currency) : 0n);
  // Read as today's version of its type: an event recorded by an older build prints like a new one.
  const event = createStreamReader(deps.registry, streamId, { currency: after.currency }).decode(envelope);
  const data = (event?.data ?? envelope.data) as Record<string, unknown>;
  const { actor, approvedBy } = envelope.meta;
  const personOf = async (username: string) => ({ username, displayName: (await deps.displayNameOf(username)) ?? username });
  const institution = await deps.institution();
  return {
    kind,
    bankName: institution.name ?? null,
    branchName: institution.branchName ?? null,
    branchId: envelope.meta.branchId,
    workstation: envelope.meta.deviceId,
    teller: await personOf(actor),
    approver: typeof approvedBy === 'string' ? await personOf(approvedBy) : null,
    accountId,
    accountNumber: after.number,
    holder: after.holder,
    currency: after.currency,
    amount: formatAmount(moved < 0n ? -moved : moved, after.currency),
    balanceAfter: after.balance,
    occurredAt: envelope.occurredAt,
    reference: textOf(data, 'reference'),
    sourceType: textOf(data, 'sourceType') ?? textOf(data, 'openingDepositSource'),
    reason: textOf(data, 'reason'),
    eventId: envelope.id,
    commandId: envelope.meta.commandId,
    version,
  };
}
