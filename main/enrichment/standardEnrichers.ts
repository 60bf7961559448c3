/** Ready-made enrichers a deployment registers in createHost: tenant, request id, workstation. */

import { ulid } from '../ids.js';
import type { Enricher } from './enrichers.js';

/** Every command of this workstation belongs to one tenant (a bank in a shared deployment). */
export const tenantEnricher = (tenantId: string): Enricher => ({ name: 'tenant', enrich: () => ({ tenantId }) });

/** A fresh id per command, for joining the ledger's records with request logs. */
export const requestIdEnricher = (newId: () => string = ulid): Enricher => ({ name: 'requestId', enrich: () => ({ requestId: newId() }) });

/** The machine the command was entered on. */
export const workstationEnricher = (workstation: string): Enricher => ({ name: 'workstation', enrich: () => ({ workstation }) });
