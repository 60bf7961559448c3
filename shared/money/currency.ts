/** ISO 4217 currencies Fidelis accepts, with the number of minor-unit digits each one uses. */

import { DomainError } from '../errors.js';

const EXPONENTS = {
  USD: 2, EUR: 2, GBP: 2, CHF: 2, CAD: 2, AUD: 2, NZD: 2, SEK: 2, NOK: 2, DKK: 2, PLN: 2, CZK: 2,
  MXN: 2, BRL: 2, INR: 2, CNY: 2, HKD: 2, SGD: 2, ZAR: 2, TRY: 2,
  JPY: 0, KRW: 0, ISK: 0, CLP: 0, VND: 0,
  KWD: 3, BHD: 3, OMR: 3, JOD: 3, TND: 3, LYD: 3, IQD: 3,
} as const satisfies Record<string, number>;

export type CurrencyCode = keyof typeof EXPONENTS;

export const CURRENCY_CODES = Object.keys(EXPONENTS) as [CurrencyCode, ...CurrencyCode[]];

export const isCurrencyCode = (code: string): code is CurrencyCode => Object.hasOwn(EXPONENTS, code);

export function currencyExponent(code: string): number {
  if (!isCurrencyCode(code)) {
    throw new DomainError('UNKNOWN_CURRENCY', `"${code}" is not a currency Fidelis supports (ISO 4217 code such as USD, EUR, JPY).`, 'currency');
  }
  return EXPONENTS[code];
}
