/** Typed errors every layer speaks: a stable UPPER_SNAKE code, the field at fault, and a message a teller can act on. */

export type ErrorCode =
  | 'VALIDATION'
  | 'INVALID_AMOUNT'
  | 'UNKNOWN_CURRENCY'
  | 'CURRENCY_MISMATCH'
  | 'INSUFFICIENT_FUNDS'
  | 'ACCOUNT_NOT_FOUND'
  | 'ACCOUNT_EXISTS'
  | 'ACCOUNT_CLOSED'
  | 'NON_ZERO_BALANCE'
  | 'SIGNATORY_NOT_FOUND'
  | 'SIGNATORY_EXISTS'
  | 'HOLD_EXISTS'
  | 'HOLD_NOT_FOUND'
  | 'FUNDS_ON_HOLD'
  | 'TRANSFER_EXISTS'
  | 'TRANSFER_NOT_FOUND'
  | 'TRANSFER_STEP_OUT_OF_ORDER'
  | 'PAYMENT_EXISTS'
  | 'PAYMENT_NOT_FOUND'
  | 'PAYMENT_STEP_OUT_OF_ORDER'
  | 'PAYFLOW_NOT_CONFIGURED'
  | 'PAYFLOW_UNAVAILABLE'
  | 'RECONCILIATION_ITEM_NOT_FOUND'
  | 'RECONCILIATION_ITEM_RESOLVED'
  | 'CONCURRENCY_CONFLICT'
  | 'IDEMPOTENCY_CONFLICT'
  | 'READ_ONLY'
  | 'DATA_DIR_LOCKED'
  | 'DATA_FORMAT_UNSUPPORTED'
  | 'MIGRATION_FAILED'
  | 'LEDGER_DAMAGED'
  | 'UNREADABLE_EVENT'
  | 'BACKUP_INVALID'
  | 'RESTORE_TARGET_NOT_EMPTY'
  | 'DATA_KEY_MISSING'
  | 'DATA_KEY_WRONG'
  | 'NOT_FOUND'
  | 'SYNC_OFFLINE_LIMIT'
  | 'SYNC_NOT_CONFIGURED'
  | 'SYNC_UNAVAILABLE'
  /** Joining a branch: the data dir already holds a ledger, the gateway refused the device, the branch has nothing yet, or it was joined. */
  | 'LEDGER_NOT_EMPTY'
  | 'JOIN_REFUSED'
  | 'BRANCH_EMPTY'
  | 'BRANCH_JOINED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'INVALID_CREDENTIALS'
  | 'STAFF_LOCKED_OUT'
  | 'SESSION_LOCKED'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'APPROVAL_REQUIRED'
  | 'STAFF_EXISTS'
  | 'STAFF_NOT_FOUND'
  | 'WEAK_PASSWORD'
  | 'ORIGINAL_NOT_FOUND'
  | 'NOT_REVERSIBLE'
  | 'ALREADY_REVERSED'
  | 'ACCOUNT_NUMBER_TAKEN'
  | 'CUSTOMER_NOT_FOUND'
  | 'CUSTOMER_EXISTS'
  | 'NO_CHANGE'
  | 'INVALID_TIME_ZONE'
  | 'RATE_MISSING'
  | 'INSTITUTION_NOT_SET'
  | 'EXPORT_INVALID'
  | 'TILL_NOT_OPEN'
  | 'TILL_ALREADY_OPEN'
  | 'TILL_SHORT_OF_CASH'
  | 'VAULT_SHORT_OF_CASH'
  | 'SIGN_OFF_REQUIRED'
  | 'DAY_NOT_READY'
  | 'DAY_CLOSED';

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.field = field;
  }

  toJSON(): { code: ErrorCode; field?: string; message: string } {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, field: this.field, message: this.message };
  }
}

export const isDomainError = (value: unknown): value is DomainError => value instanceof DomainError;
