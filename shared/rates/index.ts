/** The exchange-rate slice: rates per currency and business day, recorded as events, and exact USD conversion. */
export * from './commands.js';
export * from './decide.js';
export * from './events.js';
export * from './exchangeRate.js';
export * from './rateBook.js';
