/** Customer notifications the ledger sends: a welcome on opening, a notice on a large withdrawal. Pure: what to send, not how. */

import { formatMoney } from '../../money/display.js';
import { thresholdIn } from './compliance.js';
import { minorOf, text, type LedgerEvent } from './ledgerEvent.js';

export type NotificationKind = 'WELCOME' | 'LARGE_WITHDRAWAL';

export interface NotificationDraft {
  /** `<kind>:<event id>`: sent once per event. */
  readonly id: string;
  readonly kind: NotificationKind;
  readonly accountId: string;
  readonly recipient: string;
  readonly message: string;
  readonly eventId: string;
  readonly createdAt: string;
}

export interface NotifiedAccount {
  readonly accountId: string;
  readonly holder: string;
  readonly number: string;
  readonly currency: string;
}

export function notificationsFor(
  account: NotifiedAccount | undefined,
  event: LedgerEvent,
  largeWithdrawal: string,
): { account: NotifiedAccount | undefined; notifications: NotificationDraft[] } {
  const note = (kind: NotificationKind, to: NotifiedAccount, message: string): NotificationDraft => ({
    id: `${kind}:${event.id}`,
    kind,
    accountId: to.accountId,
    recipient: to.holder,
    message,
    eventId: event.id,
    createdAt: event.occurredAt,
  });
  if (event.type === 'AccountOpened') {
    const opened = { accountId: text(event.data, 'accountId'), holder: text(event.data, 'holder'), number: text(event.data, 'number'), currency: text(event.data, 'currency') };
    return { account: opened, notifications: [note('WELCOME', opened, `Welcome, ${opened.holder}: your account ${opened.number} is open.`)] };
  }
  if (event.type === 'WithdrawalMade' && account) {
    const amount = minorOf(event.data);
    if (amount >= thresholdIn(largeWithdrawal, account.currency)) {
      return {
        account,
        notifications: [note('LARGE_WITHDRAWAL', account, `A withdrawal of ${formatMoney(amount, account.currency)} was made from your account ${account.number}.`)],
      };
    }
  }
  return { account, notifications: [] };
}
