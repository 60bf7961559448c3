/**
 * The receipts area's API: the receipt of one counter transaction, read back from its event (the account's stream at
 * a version), so the same receipt prints again at any time and says exactly what the ledger recorded.
 */

import { z } from 'zod';
import { decimal, id, isoTime } from '../api/fields.js';
import { query } from '../api/method.js';

export const RECEIPT_KINDS = ['opening', 'deposit', 'withdrawal', 'deposit-reversal', 'withdrawal-reversal'] as const;
export type ReceiptKind = (typeof RECEIPT_KINDS)[number];

export const receiptInput = z.object({ accountId: id, version: z.number().int().min(0) });

const person = z.object({ username: z.string(), displayName: z.string() });

export const receiptResult = z.object({
  kind: z.enum(RECEIPT_KINDS),
  /** The bank and branch by name, as the institution's details record them (null until `fidelis branch set`). */
  bankName: z.string().nullable(),
  branchName: z.string().nullable(),
  branchId: z.string(),
  workstation: z.string(),
  /** Who posted it at the counter, and who approved it when it was over the dual-control amount. */
  teller: person,
  approver: person.nullable(),
  accountId: z.string(),
  accountNumber: z.string(),
  holder: z.string(),
  currency: z.string(),
  /** The money moved, without a sign: the kind says which way. */
  amount: decimal,
  balanceAfter: decimal,
  occurredAt: isoTime,
  reference: z.string().nullable(),
  /** A deposit's source (cash, check…). */
  sourceType: z.string().nullable(),
  /** A reversal's reason. */
  reason: z.string().nullable(),
  /** The event it is read from: the ledger's own reference for this transaction. */
  eventId: z.string(),
  commandId: z.string(),
  version: z.number().int(),
});
export type ReceiptDto = z.infer<typeof receiptResult>;

export const receiptsMethods = {
  'receipts.get': query({ input: receiptInput, result: receiptResult, permission: 'read' }),
} as const;
