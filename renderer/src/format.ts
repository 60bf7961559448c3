/** Display formatting: the one money formatter (grouped, the currency's decimals, its code), times and event names. */

import { formatAmount, parseAmount } from '@fidelis/shared/money/money.js';

/**
 * "-1234567.5" USD → "−1,234,567.50 USD". Every amount on every screen, message and chart goes through here, so a
 * figure always reads the same way. The text is re-parsed with shared/money so the decimals follow the currency.
 */
export function displayMoney(decimal: string, currency: string, options: { signed?: boolean } = {}): string {
  const text = decimal.trim();
  const negative = text.startsWith('-');
  const normalised = formatAmount(parseAmount(negative ? text.slice(1) : text, currency), currency);
  const [whole = '0', fraction] = normalised.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = negative ? '−' : options.signed ? '+' : '';
  return `${sign}${grouped}${fraction === undefined ? '' : `.${fraction}`} ${currency}`;
}

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
