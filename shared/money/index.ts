/** Money: currencies, parsing and formatting. */
export * from './currency.js';
export * from './money.js';
