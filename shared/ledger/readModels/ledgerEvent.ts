/** An event as read models and handlers see it: the stored envelope's position and metadata, with the payload upcast to today's version. */

import type { EventMeta } from '../../events/envelope.js';

export interface LedgerEvent<Data = Record<string, unknown>> {
  readonly id: string;
  /** Unversioned name, e.g. `DepositMade` (the stored type may be an older `Fidelis.DepositMade.v1`). */
  readonly type: string;
  readonly storedType: string;
  readonly streamId: string;
  readonly version: number;
  readonly seq: number;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly meta: EventMeta;
  readonly data: Data;
}

/** The business day of an event is the branch's calendar date when it occurred (shared/ledger/businessDay.ts). */
export { businessDayOf } from '../businessDay.js';

/** Reads a string field of a payload that the registry has already validated. */
export const text = (data: Record<string, unknown>, field: string): string => {
  const value = data[field];
  return typeof value === 'string' ? value : '';
};

/** Reads an optional string field. */
export const optionalText = (data: Record<string, unknown>, field: string): string | undefined => {
  const value = data[field];
  return typeof value === 'string' ? value : undefined;
};

/** A minor-unit amount field as a bigint (0 when absent). */
export const minorOf = (data: Record<string, unknown>, field = 'amount'): bigint => {
  const value = data[field];
  return typeof value === 'string' && /^-?\d+$/.test(value) ? BigInt(value) : 0n;
};
