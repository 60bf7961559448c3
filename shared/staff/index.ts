/** The staff slice: roles and permissions, identity rules, commands, events, the user aggregate and dual control. */
export * from './commands.js';
export * from './decider.js';
export * from './dualControl.js';
export * from './events.js';
export * from './identity.js';
export * from './passwordPolicy.js';
export * from './roles.js';
