/** Display formatting: the one money formatter (grouped, the currency's decimals, its code), times and event names. */

import { formatMoney } from '@fidelis/shared/money/display.js';
import { parseAmount } from '@fidelis/shared/money/money.js';

/**
 * "-1234567.5" USD → "−1,234,567.50 USD": a decimal from main through shared/money's formatMoney, the formatter main's
 * messages use too, so a figure reads the same on every screen, in every message and chart.
 */
export const displayMoney = (decimal: string, currency: string, options: { signed?: boolean } = {}): string =>
  formatMoney(minorOf(decimal.trim(), currency), currency, options);

/** Minor units of a decimal string, for scaling charts with integers only. */
export const minorOf = (decimal: string, currency: string): bigint =>
  decimal.startsWith('-') ? -parseAmount(decimal.slice(1), currency) : parseAmount(decimal, currency);

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

export const displayTime = (iso: string): string => timeFormat.format(new Date(iso));

/** An event type as staff read it: DepositMade → Deposit made (a stored `Fidelis.DepositMade.v2` too). */
export const displayEventType = (type: string): string =>
  type
    .replace(/^Fidelis\.|\.v\d+$/g, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/ ([A-Z])(?=[a-z])/g, (_, c: string) => ` ${c.toLowerCase()}`);
