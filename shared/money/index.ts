/** Money: currencies, parsing and formatting. */
export * from './currency.js';
export * from './display.js';
export * from './money.js';
