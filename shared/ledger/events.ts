/** The registry of every ledger event type this build writes and reads. */

import { createEventRegistry, type Upcaster } from '../events/registry.js';
import { accountEventSchemas } from '../accounts/events.js';
import { accountNumberEventSchemas } from '../accounts/accountNumber.js';
import { customerEventSchemas } from '../customers/events.js';
import { transferEventSchemas } from '../transfers/events.js';
import { accountFactEventSchemas } from './readModels/accountFacts.js';
import { ledgerUpcasters } from './upcasters.js';
import { syncEventSchemas } from '../sync/syncEvents.js';
import { payflowMessageEventSchemas, paymentEventSchemas, reconciliationEventSchemas } from '../payments/index.js';
import { staffEventSchemas } from '../staff/events.js';
import { rateEventSchemas } from '../rates/events.js';
import { institutionEventSchemas } from '../reports/institution.js';
import { tillEventSchemas } from '../tills/events.js';
import { alertEventSchemas } from '../compliance/acknowledgement.js';

/** `upcasters` replaces the ledger's own chain (tests of start-up checks); the chain is checked either way. */
export const createLedgerEventRegistry = (upcasters: readonly Upcaster[] = ledgerUpcasters) => createEventRegistry({ ...accountEventSchemas, ...accountNumberEventSchemas, ...customerEventSchemas, ...transferEventSchemas, ...syncEventSchemas, ...accountFactEventSchemas, ...paymentEventSchemas, ...payflowMessageEventSchemas, ...reconciliationEventSchemas, ...staffEventSchemas, ...rateEventSchemas, ...institutionEventSchemas, ...tillEventSchemas, ...alertEventSchemas }, upcasters);
