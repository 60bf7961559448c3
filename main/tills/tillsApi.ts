/** The tills area's API handlers: a teller's tills, the till, vault and day-close commands, the branch day. */

import type { tillsMethods } from '@fidelis/shared/tills/api.js';
import type { AreaHandlers } from '../api/handlers.js';
import type { CommandOutcome } from '../ledger/commandPipeline.js';
import type { CommandService } from '../ledger/commandService.js';
import type { Tills } from './tills.js';

export interface TillsApiDeps {
  readonly tills: Pick<Tills, 'mine' | 'branchDay'>;
  readonly commands: Pick<CommandService, 'executeAs'>;
}

/** Answered once the inline TillBook holds the events: the screen reads its own write. */
const answerOf = (outcome: CommandOutcome) => ({ streamId: outcome.streamId, version: outcome.version, duplicate: outcome.duplicate });
const metaOf = (commandId: string | undefined) => (commandId === undefined ? {} : { commandId });

export function createTillsApi({ tills, commands }: TillsApiDeps): AreaHandlers<typeof tillsMethods> {
  return {
    'till.mine': (_input, { principal }) => tills.mine(principal.username),
    'till.open': async ({ commandId, approval, ...input }, { principal }) => answerOf(await commands.executeAs(principal, { type: 'OpenTill', ...input }, metaOf(commandId), approval)),
    'till.close': async ({ commandId, approval, ...input }, { principal }) => answerOf(await commands.executeAs(principal, { type: 'CloseTill', ...input }, metaOf(commandId), approval)),
    'till.returnCash': async ({ commandId, approval, ...input }, { principal }) => answerOf(await commands.executeAs(principal, { type: 'ReturnCashToVault', ...input }, metaOf(commandId), approval)),
    'vault.issueCash': async ({ commandId, approval, ...input }, { principal }) => answerOf(await commands.executeAs(principal, { type: 'IssueCashToTill', ...input }, metaOf(commandId), approval)),
    'vault.receiveShipment': async ({ commandId, ...input }, { principal }) => answerOf(await commands.executeAs(principal, { type: 'ReceiveCashShipment', ...input }, metaOf(commandId))),
    'vault.shipCash': async ({ commandId, ...input }, { principal }) => answerOf(await commands.executeAs(principal, { type: 'ShipCashToCentre', ...input }, metaOf(commandId))),
    'vault.count': async ({ commandId, approval, ...input }, { principal }) => answerOf(await commands.executeAs(principal, { type: 'CountVault', ...input }, metaOf(commandId), approval)),
    'branchDay.status': () => tills.branchDay(),
    'branchDay.close': async ({ commandId, ...input }, { principal }) => answerOf(await commands.executeAs(principal, { type: 'CloseBusinessDay', ...input }, metaOf(commandId))),
  };
}
