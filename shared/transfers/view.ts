/** A transfer as staff and the CLI see it: status, amount as a decimal string, and why it failed. */

import { formatAmount } from '../money/money.js';
import { transferStatus, type TransferStage, type TransferState } from './state.js';

export interface TransferView {
  readonly transferId: string;
  readonly fromAccountId: string;
  readonly toAccountId: string;
  readonly amount: string;
  readonly currency: string;
  readonly reference?: string;
  readonly status: 'INITIATED' | 'COMPLETED' | 'FAILED';
  /** The step reached, finer than the status while a transfer is in flight. */
  readonly stage: Exclude<TransferStage, 'NONE'>;
  readonly reason?: string;
  readonly failureCode?: string;
  /** True when the source had been debited and the debit was reversed. */
  readonly reversed: boolean;
  readonly version: number;
}

export function toTransferView(state: TransferState): TransferView | undefined {
  const status = transferStatus(state);
  if (status === 'NONE' || state.stage === 'NONE') return undefined;
  return {
    transferId: state.transferId,
    fromAccountId: state.fromAccountId,
    toAccountId: state.toAccountId,
    amount: formatAmount(state.amount, state.currency),
    currency: state.currency,
    ...(state.reference === undefined ? {} : { reference: state.reference }),
    status,
    stage: state.stage,
    ...(state.reason === undefined ? {} : { reason: state.reason }),
    ...(state.failureCode === undefined ? {} : { failureCode: state.failureCode }),
    reversed: state.reversed,
    version: state.version,
  };
}
