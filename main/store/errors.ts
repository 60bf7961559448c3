/** Errors raised by the event store itself, as opposed to business rejections. */

export type ExpectedVersion = number | 'no-stream' | 'exists' | 'any';

/** The stream was not where the writer expected it: someone appended first. */
export class ConcurrencyError extends Error {
  override name = 'ConcurrencyError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`Stream ${streamId} is at version ${actual}, expected ${String(expected)}.`);
  }
}
