/** The Transfer aggregate: moving money between two accounts of one currency, step by recorded step. */

import type { Decider } from '../decider.js';
import type { TransferCommand } from './commands.js';
import { decideTransfer } from './decide.js';
import type { TransferEvent } from './events.js';
import { evolveTransfer } from './evolve.js';
import { initialTransferState, type TransferState } from './state.js';

export * from './commands.js';
export * from './events.js';
export * from './state.js';
export * from './view.js';
export { decideTransfer } from './decide.js';
export { evolveTransfer } from './evolve.js';

export const TRANSFER_CATEGORY = 'transfer';

export const transferDecider: Decider<TransferCommand, TransferEvent, TransferState> = {
  initialState: initialTransferState,
  decide: decideTransfer,
  evolve: evolveTransfer,
};
