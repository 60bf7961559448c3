/**
 * Accept with override: the movement happened in the world (the teller paid out or took in cash) but the account can
 * no longer carry it. It is booked, under the supervisor's name, to a suspense account opened for this exception:
 * a withdrawal there (its overdraft is exactly the amount, granted in the same decision) is the branch's visible
 * loss until recovered; a deposit there is money owed back. Every step is an ordinary command with a derived id, so a
 * crash half-way is finished by resolving again, and the gateway checks these like any other events.
 */

import { createHash } from 'node:crypto';
import { DomainError } from '@fidelis/shared/errors.js';
import type { CommandMetaInput } from '@fidelis/shared/ledger/commands.js';
import { parseAmount } from '@fidelis/shared/money/money.js';
import type { CommandOutcome } from '../ledger/commandPipeline.js';
import type { CommitDocument } from '../store/commitSchema.js';
import type { EventStore } from '../store/eventStore.js';
import { metaOf } from './localCommits.js';
import type { RebasingCommands } from './rebasingCommands.js';
import { accountCurrency } from './standInLimit.js';

export interface SuspenseDeps {
  readonly store: EventStore;
  readonly execute: (command: unknown, meta: CommandMetaInput) => Promise<CommandOutcome>;
  readonly rebasing: RebasingCommands;
}

export interface AcceptedIntoSuspense {
  readonly landed: { readonly streamId: string; readonly version: number };
  readonly suspenseAccountId: string;
  /** Minor units. */
  readonly amount: string;
}

export async function acceptIntoSuspense(deps: SuspenseDeps, commit: CommitDocument, supervisor: string): Promise<AcceptedIntoSuspense> {
  const command = commit.events[0]!.meta.command as { type?: unknown; accountId?: unknown; amount?: unknown } | undefined;
  const type = command?.type;
  if (!command || (type !== 'MakeWithdrawal' && type !== 'MakeDeposit') || typeof command.accountId !== 'string' || typeof command.amount !== 'string') {
    throw new DomainError('VALIDATION', 'Only a withdrawal or a deposit can be accepted into suspense; retry or reverse this one.', 'resolution');
  }
  const currency = await accountCurrency(deps.store, command.accountId);
  if (!currency) throw new DomainError('ACCOUNT_NOT_FOUND', `No account ${command.accountId}.`, 'accountId');
  const minor = parseAmount(command.amount, currency, 'amount');
  const key = createHash('sha256').update(commit.commandId).digest('hex');
  const suspenseAccountId = `suspense-${key.slice(0, 24)}`;
  const reference = `Sync exception ${commit.commandId} accepted by ${supervisor}`.slice(0, 140);
  const meta = (step: string) => ({ commandId: `sync-accept-${step}:${commit.commandId}`, correlationId: metaOf(commit).correlationId, causationId: commit.commandId, actor: supervisor });
  await deps.execute(
    {
      type: 'OpenAccount',
      accountId: suspenseAccountId,
      number: `SX-${key.slice(0, 12).toUpperCase()}`,
      holder: `Sync suspense (${supervisor})`.slice(0, 100),
      currency,
      overdraftLimit: type === 'MakeWithdrawal' ? command.amount : '0',
    },
    meta('open'),
  );
  // The supervisor's decision is the authority: the offline stand-in limit does not apply to booking it.
  const post = meta('post');
  const outcome = await deps.rebasing.during(post.commandId, () => deps.execute({ type, accountId: suspenseAccountId, amount: command.amount, reference }, post));
  return { landed: { streamId: outcome.streamId, version: outcome.version }, suspenseAccountId, amount: minor.toString() };
}
