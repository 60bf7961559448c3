/** Display formatting: money with thousands grouping in the account's currency (exact, from decimal strings), and times. */

import { formatAmount, parseAmount } from '@fidelis/shared/money/money.js';

/** "-1234567.5" USD → "-1,234,567.50 USD". The text is re-parsed with shared/money so the decimals follow the currency. */
export function displayMoney(decimal: string, currency: string, options: { withCurrency?: boolean; signed?: boolean } = {}): string {
  const negative = decimal.startsWith('-');
  const normalised = formatAmount(parseAmount(negative ? decimal.slice(1) : decimal, currency), currency);
  const [whole = '0', fraction] = normalised.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = negative ? '−' : options.signed ? '+' : '';
  return `${sign}${grouped}${fraction === undefined ? '' : `.${fraction}`}${options.withCurrency === false ? '' : ` ${currency}`}`;
}

/** Minor units of a decimal string, for scaling charts with integers only. */
export const minorOf = (decimal: string, currency: string): bigint =>
  decimal.startsWith('-') ? -parseAmount(decimal.slice(1), currency) : parseAmount(decimal, currency);

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

export const displayTime = (iso: string): string => timeFormat.format(new Date(iso));

/** An event type as staff read it: DepositMade → Deposit made. */
export const displayEventType = (type: string): string => type.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/ ([A-Z])/g, (_, c: string) => ` ${c.toLowerCase()}`);
