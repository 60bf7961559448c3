/** The typed API between the renderer and main: contract, method specs, errors and transport frames. */
export * from './contract.js';
export * from './errors.js';
export * from './method.js';
export * from './transport.js';
