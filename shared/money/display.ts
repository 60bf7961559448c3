/** Money as people read it: grouped digits, the currency's decimals and its code ("−13,050.50 USD"), the same on every screen and in every message. */

import { formatAmount } from './money.js';

/**
 * Minor units as staff read them: 1305050n USD → "13,050.50 USD", -5n JPY → "−5 JPY". The minus is U+2212 (what a
 * screen reader says as "minus"); `signed` puts "+" before any other amount, for movements. Exports keep formatAmount.
 */
export function formatMoney(minor: bigint, currency: string, options: { readonly signed?: boolean } = {}): string {
  const [whole = '0', fraction] = formatAmount(minor < 0n ? -minor : minor, currency).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const sign = minor < 0n ? '−' : options.signed ? '+' : '';
  return `${sign}${grouped}${fraction === undefined ? '' : `.${fraction}`} ${currency}`;
}
