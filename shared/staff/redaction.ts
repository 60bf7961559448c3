/** Secrets in event payloads (a staff user's password hash) never leave main: explorers, traces and reports show this instead. */

import { STAFF_SECRET_FIELDS } from './events.js';

export const REDACTED = '[redacted]';

/** The payload with every secret field replaced; the same object when it holds none (the common case costs nothing). */
export function redactSecrets<T extends Record<string, unknown>>(data: T): T {
  if (!STAFF_SECRET_FIELDS.some((field) => Object.hasOwn(data, field))) return data;
  const copy: Record<string, unknown> = { ...data };
  for (const field of STAFF_SECRET_FIELDS) if (Object.hasOwn(copy, field)) copy[field] = REDACTED;
  return copy as T;
}
