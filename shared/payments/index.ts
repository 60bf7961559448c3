/** The outbound Payment aggregate (money to other banks through PayFlow), PayFlow's received messages, and reconciliation. */

import type { Decider } from '../decider.js';
import type { PaymentCommand } from './commands.js';
import { decidePayment } from './decide.js';
import type { PaymentEvent } from './events.js';
import { evolvePayment } from './evolve.js';
import { initialPaymentState, type PaymentState } from './state.js';

export * from './commands.js';
export * from './events.js';
export * from './state.js';
export * from './payflowMessage.js';
export * from './payflowMapping.js';
export * from './reconciliation.js';
export { decidePayment } from './decide.js';
export { evolvePayment } from './evolve.js';

export const PAYMENT_CATEGORY = 'payment';

export const paymentDecider: Decider<PaymentCommand, PaymentEvent, PaymentState> = {
  initialState: initialPaymentState,
  decide: decidePayment,
  evolve: evolvePayment,
};
