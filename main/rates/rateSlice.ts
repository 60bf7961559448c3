/** The exchange-rate aggregate as the command pipeline runs it: one stream per currency and business day, `rate-<CURRENCY>-<DAY>`. */

import { rateAggregateId, rateDecider, RATE_CATEGORY, type RateCommand, type RateEvent, type RateState } from '@fidelis/shared/rates/index.js';
import type { AggregateSlice } from '../ledger/aggregateSlice.js';

export const rateSlice: AggregateSlice<RateCommand, RateEvent, RateState> = {
  category: RATE_CATEGORY,
  decider: rateDecider,
  aggregateIdOf: (command) => rateAggregateId(command.currency, command.day),
};
