/**
 * Reconciliation with PayFlow, pure: compare the day's external payments as Fidelis recorded them with PayFlow's
 * settlement list, and the items a person resolves (stream `reconciliation-<date>`: raised, then resolved with a note).
 */

import { z } from 'zod';
import type { Decider, DomainEvent } from '../decider.js';
import { DomainError } from '../errors.js';
import type { SettlementEntry } from '../payflow/protocol.js';

export const RECONCILIATION_CATEGORY = 'reconciliation';
export const RECONCILIATION_ITEM_KINDS = ['MISSING_IN_FIDELIS', 'MISSING_AT_PAYFLOW', 'AMOUNT_MISMATCH', 'STATUS_MISMATCH'] as const;
export type ReconciliationItemKind = (typeof RECONCILIATION_ITEM_KINDS)[number];

/** One side's view of a payment: minor units, PayFlow's status words (pending, completed, failed). */
export const reconciliationSideSchema = z.object({
  amount: z.string(),
  currency: z.string(),
  status: z.string(),
  direction: z.enum(['inbound', 'outbound']),
});
export type ReconciliationSide = z.infer<typeof reconciliationSideSchema>;

/** An external payment as Fidelis recorded it (from the payments read model). */
export interface FidelisExternalPayment {
  readonly paymentId: string;
  readonly payflowId: string | null;
  readonly direction: 'inbound' | 'outbound';
  /** Minor units. */
  readonly amount: string;
  readonly currency: string;
  readonly status: 'HELD' | 'QUEUED' | 'SUBMITTED' | 'COMPLETED' | 'FAILED';
  /** When Fidelis recorded how it ended (completed, failed); null while it is under way. */
  readonly settledAt: string | null;
}

export const reconciliationItemRaisedSchema = z.object({
  itemId: z.string().min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  kind: z.enum(RECONCILIATION_ITEM_KINDS),
  paymentId: z.string().nullable(),
  payflowId: z.string().nullable(),
  fidelis: reconciliationSideSchema.nullable(),
  payflow: reconciliationSideSchema.nullable(),
});
export type ReconciliationItem = z.infer<typeof reconciliationItemRaisedSchema>;

export const reconciliationItemResolvedSchema = z.object({
  itemId: z.string().min(1),
  date: z.string(),
  note: z.string().min(1),
  actor: z.string().min(1),
});

/** PayFlow's word for where a Fidelis payment stands. */
export const payflowStatusOf = (status: FidelisExternalPayment['status']): string =>
  status === 'COMPLETED' ? 'completed' : status === 'FAILED' ? 'failed' : 'pending';

export const reconciliationItemId = (date: string, kind: ReconciliationItemKind, key: string): string => `${date}:${kind}:${key}`;

export interface ReconciliationResult {
  readonly matched: number;
  readonly items: readonly ReconciliationItem[];
}

/**
 * Matches PayFlow's entries with Fidelis's payments by PayFlow id, then outbound ones by our reference (the payment
 * id). PayFlow lists what it settled (completed or failed) that day; Fidelis's settled payments of the day are those
 * it recorded as ended that day. One still under way is not expected in the list, and one that failed before it
 * reached PayFlow (no PayFlow id) never was there.
 */
export function reconcilePayments(date: string, fidelis: readonly FidelisExternalPayment[], payflow: readonly SettlementEntry[]): ReconciliationResult {
  const byPayflowId = new Map(fidelis.filter((p) => p.payflowId !== null).map((p) => [p.payflowId!, p]));
  const byReference = new Map(fidelis.filter((p) => p.direction === 'outbound').map((p) => [p.paymentId, p]));
  const seen = new Set<FidelisExternalPayment>();
  const items: ReconciliationItem[] = [];
  let matched = 0;
  const sideOf = (p: FidelisExternalPayment): ReconciliationSide => ({ amount: p.amount, currency: p.currency, status: payflowStatusOf(p.status), direction: p.direction });
  const entrySide = (e: SettlementEntry): ReconciliationSide => ({ amount: e.amount, currency: e.currency, status: e.status, direction: e.direction });

  for (const entry of payflow) {
    const ours = byPayflowId.get(entry.id) ?? (entry.direction === 'outbound' ? byReference.get(entry.reference) : undefined);
    if (ours === undefined || seen.has(ours)) {
      items.push({ itemId: reconciliationItemId(date, 'MISSING_IN_FIDELIS', entry.id), date, kind: 'MISSING_IN_FIDELIS', paymentId: entry.direction === 'outbound' ? entry.reference : null, payflowId: entry.id, fidelis: null, payflow: entrySide(entry) });
      continue;
    }
    seen.add(ours);
    const base = { date, paymentId: ours.paymentId, payflowId: entry.id, fidelis: sideOf(ours), payflow: entrySide(entry) };
    if (ours.amount !== entry.amount || ours.currency !== entry.currency) {
      items.push({ ...base, itemId: reconciliationItemId(date, 'AMOUNT_MISMATCH', entry.id), kind: 'AMOUNT_MISMATCH' });
    } else if (payflowStatusOf(ours.status) !== entry.status) {
      items.push({ ...base, itemId: reconciliationItemId(date, 'STATUS_MISMATCH', entry.id), kind: 'STATUS_MISMATCH' });
    } else {
      matched++;
    }
  }
  for (const ours of fidelis) {
    if (seen.has(ours) || ours.settledAt === null || ours.settledAt.slice(0, 10) !== date) continue;
    if (ours.status === 'FAILED' && ours.payflowId === null) continue;
    const key = ours.payflowId ?? ours.paymentId;
    items.push({ itemId: reconciliationItemId(date, 'MISSING_AT_PAYFLOW', key), date, kind: 'MISSING_AT_PAYFLOW', paymentId: ours.paymentId, payflowId: ours.payflowId, fidelis: sideOf(ours), payflow: null });
  }
  return { matched, items };
}

// ---- the day's reconciliation items as an aggregate ------------------------------------------------------------

const date = z.iso.date('A day is YYYY-MM-DD.');

export const raiseReconciliationItemsSchema = z.object({
  type: z.literal('RaiseReconciliationItems'),
  date,
  items: z.array(reconciliationItemRaisedSchema).min(1).max(10_000),
});

export const resolveReconciliationItemSchema = z.object({
  type: z.literal('ResolveReconciliationItem'),
  date,
  itemId: z.string().trim().min(1).max(200),
  note: z.string().trim().min(1, 'Say how the item was resolved.').max(500, 'A note has at most 500 characters.'),
  actor: z.string().trim().min(1).max(100),
});

export const reconciliationCommandSchema = z.discriminatedUnion('type', [raiseReconciliationItemsSchema, resolveReconciliationItemSchema]);
export type ReconciliationCommand = z.infer<typeof reconciliationCommandSchema>;

export type ReconciliationItemRaised = DomainEvent<'ReconciliationItemRaised', ReconciliationItem>;
export type ReconciliationItemResolved = DomainEvent<'ReconciliationItemResolved', z.infer<typeof reconciliationItemResolvedSchema>>;
export type ReconciliationEvent = ReconciliationItemRaised | ReconciliationItemResolved;

export const reconciliationEventSchemas = {
  ReconciliationItemRaised: { version: 1, schema: reconciliationItemRaisedSchema },
  ReconciliationItemResolved: { version: 1, schema: reconciliationItemResolvedSchema },
} as const satisfies Record<ReconciliationEvent['type'], { version: number; schema: z.ZodType }>;

export interface ReconciliationState {
  /** Every item raised for the day, by id, and whether it was resolved. */
  readonly items: Readonly<Record<string, 'open' | 'resolved'>>;
  readonly version: number;
}

export const reconciliationDecider: Decider<ReconciliationCommand, ReconciliationEvent, ReconciliationState> = {
  initialState: { items: {}, version: -1 },
  decide(command, state) {
    if (command.type === 'RaiseReconciliationItems') {
      // Reconciling a day again raises only what is new: an item once raised (open or resolved) stays as it is.
      const fresh = command.items.filter((item) => state.items[item.itemId] === undefined && item.date === command.date);
      if (fresh.length === 0) return new DomainError('VALIDATION', `Nothing new to raise for ${command.date}.`, 'items');
      return fresh.map((item) => ({ type: 'ReconciliationItemRaised' as const, data: item }));
    }
    const status = state.items[command.itemId];
    if (status === undefined) return new DomainError('RECONCILIATION_ITEM_NOT_FOUND', `No reconciliation item ${command.itemId}.`, 'itemId');
    if (status === 'resolved') return new DomainError('RECONCILIATION_ITEM_RESOLVED', `Reconciliation item ${command.itemId} is already resolved.`, 'itemId');
    return [{ type: 'ReconciliationItemResolved', data: { itemId: command.itemId, date: command.date, note: command.note, actor: command.actor } }];
  },
  evolve(state, event) {
    const status = event.type === 'ReconciliationItemRaised' ? 'open' : 'resolved';
    return { items: { ...state.items, [event.data.itemId]: status }, version: state.version + 1 };
  },
};

/** The day an item id names (`<date>:<kind>:<key>`), or undefined when it is not an item id. */
export const dateOfItem = (itemId: string): string | undefined => (/^(\d{4}-\d{2}-\d{2}):/.exec(itemId) ?? [])[1];
