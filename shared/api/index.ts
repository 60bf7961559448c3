/** The typed API between the renderer and main: contract, schemas, errors and transport frames. */
export * from './authSchemas.js';
export * from './contract.js';
export * from './errors.js';
export * from './schemas.js';
export * from './transport.js';
