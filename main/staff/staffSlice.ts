/** The staff user aggregate as the command pipeline runs it: one stream per person, `staff-<username>`. */

import { staffDecider, STAFF_CATEGORY, type StaffCommand, type StaffEvent, type StaffState } from '@fidelis/shared/staff/index.js';
import type { AggregateSlice } from '../ledger/aggregateSlice.js';

export const staffSlice: AggregateSlice<StaffCommand, StaffEvent, StaffState> = {
  category: STAFF_CATEGORY,
  decider: staffDecider,
  aggregateIdOf: (command) => command.username,
};
