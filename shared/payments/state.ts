/** The state of one outbound payment, derived by folding its events: where it stands with the account and with PayFlow. */

/**
 * REQUESTED → HELD (funds on hold) → QUEUED (waiting for PayFlow) ↔ → SUBMITTED (PayFlow accepted) → COMPLETED
 * (withdrawn, hold consumed), or FAILED from any stage before COMPLETED (hold released, nothing moved).
 */
export type PaymentStage = 'NONE' | 'REQUESTED' | 'HELD' | 'QUEUED' | 'SUBMITTED' | 'COMPLETED' | 'FAILED';

export interface PaymentBeneficiary {
  readonly name: string;
  readonly accountNumber: string;
  readonly bankCode: string;
}

export interface PaymentState {
  readonly stage: PaymentStage;
  readonly paymentId: string;
  readonly accountId: string;
  readonly accountNumber: string;
  readonly debtorName: string;
  /** Minor units of `currency`. */
  readonly amount: bigint;
  readonly currency: string;
  readonly beneficiary: PaymentBeneficiary | undefined;
  readonly memo: string | undefined;
  readonly payflowId: string | undefined;
  readonly attempts: number;
  readonly reason: string | undefined;
  readonly failureCode: string | undefined;
  readonly version: number;
}

export const initialPaymentState: PaymentState = {
  stage: 'NONE',
  paymentId: '',
  accountId: '',
  accountNumber: '',
  debtorName: '',
  amount: 0n,
  currency: '',
  beneficiary: undefined,
  memo: undefined,
  payflowId: undefined,
  attempts: 0,
  reason: undefined,
  failureCode: undefined,
  version: -1,
};

export const isPaymentFinished = (state: PaymentState): boolean => state.stage === 'COMPLETED' || state.stage === 'FAILED';

/** The hold a payment puts on its account until PayFlow says how it ended. */
export const paymentHoldId = (paymentId: string): string => `payment:${paymentId}`;

/** The reference of every ledger movement PayFlow caused: the statement line names PayFlow's id. */
export const payflowReference = (payflowId: string): string => `payflow-${payflowId}`;
