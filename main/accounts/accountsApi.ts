/** The accounts area's API handlers: the list, one account (now or as it was), its timeline, and the teller's commands. */

import type { accountsMethods } from '@fidelis/shared/accounts/api.js';
import type { EventRegistry } from '@fidelis/shared/events/registry.js';
import type { AreaHandlers } from '../api/handlers.js';
import type { CommandOutcome } from '../ledger/commandPipeline.js';
import type { CommandService } from '../ledger/commandService.js';
import { accountTimeline, getAccount, listAccounts, type AccountReads } from './accountQueries.js';
import type { AccountResolver } from './accountResolver.js';

export interface AccountsApiDeps {
  readonly reads: AccountReads;
  readonly registry: EventRegistry;
  readonly commands: Pick<CommandService, 'executeAs'>;
  /** An account is named by its number or its id. */
  readonly accounts: Pick<AccountResolver, 'resolve'>;
}

/** The command's answer once the inline read models (AccountSummary, AccountDirectory) hold its events: the screen reads its own write. */
const answerOf = (outcome: CommandOutcome) => ({ accountId: outcome.aggregateId, version: outcome.version, duplicate: outcome.duplicate });
const metaOf = (commandId: string | undefined) => (commandId === undefined ? {} : { commandId });

export function createAccountsApi({ reads, registry, commands, accounts }: AccountsApiDeps): AreaHandlers<typeof accountsMethods> {
  return {
    'accounts.list': (input) => listAccounts(reads, input),
    'account.get': async (input) => getAccount(reads, { ...input, accountId: await accounts.resolve(input.accountId) }),
    'account.timeline': async (input) => accountTimeline(reads, registry, { ...input, accountId: await accounts.resolve(input.accountId) }),
    'account.open': async ({ commandId, ...input }, { principal }) => answerOf(await commands.executeAs(principal, { type: 'OpenAccount', ...input }, metaOf(commandId))),
    'account.deposit': async ({ commandId, ...input }, { principal }) => answerOf(await commands.executeAs(principal, { type: 'MakeDeposit', ...input }, metaOf(commandId))),
    'account.withdraw': async ({ commandId, approval, ...input }, { principal }) =>
      answerOf(await commands.executeAs(principal, { type: 'MakeWithdrawal', ...input }, metaOf(commandId), approval)),
    'account.close': async ({ commandId, ...input }, { principal }) => answerOf(await commands.executeAs(principal, { type: 'CloseAccount', ...input }, metaOf(commandId))),
    // The caller names the movement; main reads its amount and kind from the account's stream (main/ledger/commandRouter.ts).
    'account.reverse': async ({ commandId, ...input }, { principal }) => answerOf(await commands.executeAs(principal, { type: 'ReverseMovement', ...input }, metaOf(commandId))),
  };
}
