/** Teller cash: tills, the vault and the branch's business day, as vertical slices of commands, events, rules and state. */

export * from './commands.js';
export * from './events.js';
export * from './ids.js';
export * from './denominations.js';
export * from './counting.js';
export * from './till.js';
export * from './vault.js';
export * from './branchDay.js';
export * from './book.js';
export * from './secondPerson.js';
export * from './tellerCash.js';
