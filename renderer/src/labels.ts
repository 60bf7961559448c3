/** Human labels for the codes main sends (deposit sources, alert rules, statuses, command types, refusal codes). */

import { displayEventType } from './format.js';

/** UPPER_SNAKE or lower_snake as a sentence: INSUFFICIENT_FUNDS → Insufficient funds. The fallback for a code not listed. */
export function humanCode(code: string): string {
  const words = code.replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const SOURCE_LABELS: Readonly<Record<string, string>> = {
  cash: 'Cash',
  check: 'Check',
  wire: 'Wire',
  ach: 'ACH',
  payroll: 'Payroll',
  bank_transfer: 'Bank transfer',
  payflow: 'PayFlow',
  manual: 'Manual entry',
  unknown: 'Unknown source',
};

/** A deposit's source as a teller says it: bank_transfer → Bank transfer, ach → ACH. */
export const sourceLabel = (source: string): string => SOURCE_LABELS[source] ?? humanCode(source);

const RULE_LABELS: Readonly<Record<string, string>> = {
  LARGE_DEPOSIT: 'Large deposit',
  LARGE_WITHDRAWAL: 'Large withdrawal',
  STRUCTURING: 'Possible structuring',
  CTR: 'Currency transaction report',
};

/** The compliance rule that raised an alert. */
export const ruleLabel = (rule: string): string => RULE_LABELS[rule] ?? humanCode(rule);

const STATUS_LABELS: Readonly<Record<string, string>> = { ok: 'OK' };

/** A status code (PENDING, HELD, COMPLETED, lagging…) as a word with a capital. */
export const statusLabel = (status: string): string => STATUS_LABELS[status] ?? humanCode(status);

const COMMAND_LABELS: Readonly<Record<string, string>> = {
  OpenAccount: 'Account opening',
  MakeDeposit: 'Deposit',
  MakeWithdrawal: 'Withdrawal',
  CloseAccount: 'Account closing',
  InitiateTransfer: 'Transfer',
  SendExternalPayment: 'Payment',
  ReverseMovement: 'Reversal',
};

/** A command type as the thing a teller did: MakeWithdrawal → Withdrawal. */
export const commandLabel = (type: string): string => COMMAND_LABELS[type] ?? displayEventType(type);

const MOVEMENT_LABELS: Readonly<Record<string, string>> = { deposit: 'Deposit', withdrawal: 'Withdrawal' };

/** deposit / withdrawal as a word with a capital. */
export const movementLabel = (kind: string): string => MOVEMENT_LABELS[kind] ?? humanCode(kind);
