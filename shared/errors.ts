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
  | 'CONCURRENCY_CONFLICT'
  | 'IDEMPOTENCY_CONFLICT'
  | 'READ_ONLY'
  | 'DATA_DIR_LOCKED'
  | 'NOT_FOUND';

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
