/** The receipts area's API handler: a counter transaction's receipt, read back from its event. */

import type { receiptsMethods } from '@fidelis/shared/receipts/api.js';
import type { AreaHandlers } from '../api/handlers.js';
import { receiptOf, type ReceiptDeps } from './receipts.js';

export function createReceiptsApi(deps: ReceiptDeps): AreaHandlers<typeof receiptsMethods> {
  return {
    'receipts.get': ({ accountId, version }) => receiptOf(deps, accountId, version),
  };
}
