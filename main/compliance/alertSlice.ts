/** The alert aggregate as the command pipeline runs it: one stream per alert, `alert-<alertId>`, holding its acknowledgements. */

import { ALERT_CATEGORY, alertDecider, type AlertCommand, type AlertEvent, type AlertState } from '@fidelis/shared/compliance/acknowledgement.js';
import type { AggregateSlice } from '../ledger/aggregateSlice.js';

export const alertSlice: AggregateSlice<AlertCommand, AlertEvent, AlertState> = {
  category: ALERT_CATEGORY,
  decider: alertDecider,
  aggregateIdOf: (command) => command.alertId,
};
