/** Builds the report a kind names. */

import { createAuditReport } from './audit.js';
import { createCtrReport } from './ctr.js';
import { createLargeTransactionsReport } from './large.js';
import type { ReportBuilder, ReportParams } from './model.js';
import { createStatementReport } from './statement.js';
import { createStructuringReport } from './structuring.js';
import { createTrialBalanceReport } from './trialBalance.js';
import { createOverShortReport, createTillPositionsReport } from '../tills/tillReports.js';

export function createReport(params: ReportParams): ReportBuilder {
  switch (params.kind) {
    case 'ctr':
      return createCtrReport(params);
    case 'structuring':
      return createStructuringReport(params);
    case 'large':
      return createLargeTransactionsReport(params);
    case 'trial-balance':
      return createTrialBalanceReport(params);
    case 'statement':
      return createStatementReport(params);
    case 'audit':
      return createAuditReport(params);
    case 'tills':
      return createTillPositionsReport(params);
    case 'over-short':
      return createOverShortReport(params);
  }
}
