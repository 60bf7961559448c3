/** The registry of every ledger event type this build writes and reads. */

import { createEventRegistry } from '../events/registry.js';
import { accountEventSchemas } from './account/events.js';
import { ledgerUpcasters } from './upcasters.js';

export const createLedgerEventRegistry = () => createEventRegistry({ ...accountEventSchemas }, ledgerUpcasters);
