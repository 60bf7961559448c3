/** The DOMExceptions IndexedDB throws and reports, by name. */

export type IdbErrorName =
  | 'AbortError'
  | 'ConstraintError'
  | 'DataCloneError'
  | 'DataError'
  | 'InvalidAccessError'
  | 'InvalidStateError'
  | 'NotFoundError'
  | 'NotSupportedError'
  | 'ReadOnlyError'
  | 'SyntaxError'
  | 'TransactionInactiveError'
  | 'UnknownError'
  | 'VersionError';

export function idbError(name: IdbErrorName, message: string): DOMException {
  return new DOMException(message, name);
}

/** SQLite refused a write because a key or a unique index value is taken. */
export function isConstraintViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
