/**
 * A reviewer's acknowledgement of a compliance alert, recorded as an event on the alert's own stream `alert-<alertId>`:
 * the alert itself is derived (the compliance handler raises it from the ledger), the acknowledgement is staff input.
 */

import { z } from 'zod';
import type { Decider, DomainEvent } from '../decider.js';

export const ALERT_CATEGORY = 'alert';

/** Alert ids are the handler's (`LARGE_DEPOSIT:<event id>`, `STRUCTURING:<customer>:<event id>`); `alert-<id>` fits a stream id (200). */
export const alertIdSchema = z
  .string()
  .trim()
  .min(1, 'Name the alert (its id, as fidelis alerts list shows it).')
  .max(190, 'An alert id has at most 190 characters.')
  .regex(/^[^\s|]+$/, 'An alert id has no spaces and no |.');

/** The API takes 280 characters; notes typed at the command line before acknowledgements were events may be longer. */
const noteSchema = z.string().trim().min(1).max(2000, 'A note has at most 2,000 characters.');

/**
 * Main's command, never a caller's: main names the alert as it found it in the alerts read model (main/compliance/alerts.ts),
 * so it is not in the teller request schema.
 */
export const acknowledgeAlertSchema = z.object({
  type: z.literal('AcknowledgeAlert'),
  alertId: alertIdSchema,
  /** How many transactions the alert covered when the reviewer saw it: a structuring series that grows past them reopens the alert. */
  transactions: z.number().int().min(0),
  note: noteSchema.optional(),
  /** Only for an acknowledgement made before acknowledgements were events, moved from the alerts read model: who made it, and when. */
  acknowledgedBy: z.string().trim().min(1).max(100).optional(),
  acknowledgedAt: z.iso.datetime({ offset: true }).optional(),
});

export type AcknowledgeAlert = z.infer<typeof acknowledgeAlertSchema>;
export type AlertCommand = AcknowledgeAlert;

/** Who acknowledged and when are the envelope's meta.actor and occurredAt, unless the payload names an earlier acknowledgement's. */
export const alertAcknowledgedSchema = acknowledgeAlertSchema.omit({ type: true });

export type AlertAcknowledged = DomainEvent<'AlertAcknowledged', z.infer<typeof alertAcknowledgedSchema>>;
export type AlertEvent = AlertAcknowledged;

export const alertEventSchemas = {
  AlertAcknowledged: { version: 1, schema: alertAcknowledgedSchema },
} as const satisfies Record<AlertEvent['type'], { version: number; schema: z.ZodType }>;

export interface AlertState {
  /** -1 before the first acknowledgement. */
  readonly version: number;
  /** The most transactions an acknowledgement has covered (-1: never acknowledged). */
  readonly acknowledgedTransactions: number;
}

export const initialAlertState: AlertState = { version: -1, acknowledgedTransactions: -1 };

/**
 * An alert is acknowledged once as it stands: acknowledging it again records nothing (no events, not a refusal, so a
 * second click, a retry or a rebased copy of a concurrent acknowledgement all end where the first left it). Once its
 * structuring series grew past what was acknowledged, it may be acknowledged again.
 */
export function decideAlert(command: AlertCommand, state: AlertState): readonly AlertEvent[] {
  if (command.transactions <= state.acknowledgedTransactions) return [];
  const { type: _type, ...data } = command;
  return [{ type: 'AlertAcknowledged', data }];
}

export const evolveAlert = (state: AlertState, event: AlertEvent): AlertState => ({
  version: state.version + 1,
  acknowledgedTransactions: Math.max(state.acknowledgedTransactions, event.data.transactions),
});

export const alertDecider: Decider<AlertCommand, AlertEvent, AlertState> = {
  initialState: initialAlertState,
  decide: (command, state) => decideAlert(command, state),
  evolve: evolveAlert,
};
