/** The state of one transfer, derived by folding its events: where it stands and, when it failed, why. */

export type TransferStatus = 'NONE' | 'INITIATED' | 'COMPLETED' | 'FAILED';

/**
 * How far the process manager got: INITIATED → FUNDS_HELD → DEBITED → COMPLETED, or FAILED from any of them
 * (through CREDIT_REFUSED when the debit has to be reversed first).
 */
export type TransferStage = 'NONE' | 'INITIATED' | 'FUNDS_HELD' | 'DEBITED' | 'CREDIT_REFUSED' | 'COMPLETED' | 'FAILED';

export interface TransferState {
  readonly stage: TransferStage;
  readonly transferId: string;
  readonly fromAccountId: string;
  readonly toAccountId: string;
  /** Minor units of `currency`. */
  readonly amount: bigint;
  readonly currency: string;
  readonly reference: string | undefined;
  readonly reason: string | undefined;
  readonly failureCode: string | undefined;
  /** True when the source was debited and the debit reversed. */
  readonly reversed: boolean;
  readonly version: number;
}

export const initialTransferState: TransferState = {
  stage: 'NONE',
  transferId: '',
  fromAccountId: '',
  toAccountId: '',
  amount: 0n,
  currency: '',
  reference: undefined,
  reason: undefined,
  failureCode: undefined,
  reversed: false,
  version: -1,
};

export function transferStatus(state: TransferState): TransferStatus {
  switch (state.stage) {
    case 'NONE':
      return 'NONE';
    case 'COMPLETED':
      return 'COMPLETED';
    case 'FAILED':
      return 'FAILED';
    default:
      return 'INITIATED';
  }
}

export const isTransferFinished = (state: TransferState): boolean => state.stage === 'COMPLETED' || state.stage === 'FAILED';

/** The hold and reference a transfer puts on the accounts it moves money between. */
export const transferReference = (transferId: string): string => `transfer:${transferId}`;
