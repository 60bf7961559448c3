/** The filing institution as the command pipeline runs it: one stream per branch, `institution-<branchId>`. */

import { institutionDecider, INSTITUTION_CATEGORY, type InstitutionRecorded, type InstitutionState, type RecordInstitution } from '@fidelis/shared/reports/institution.js';
import type { AggregateSlice } from '../ledger/aggregateSlice.js';

export const institutionSlice: AggregateSlice<RecordInstitution, InstitutionRecorded, InstitutionState> = {
  category: INSTITUTION_CATEGORY,
  decider: institutionDecider,
  aggregateIdOf: (command) => command.branchId,
};
