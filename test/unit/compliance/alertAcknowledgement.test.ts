/** The alert aggregate: an alert is acknowledged once as it stands, and again only once its structuring series grew. */

import { describe, expect, it } from 'vitest';
import { acknowledgeAlertSchema, alertDecider, type AcknowledgeAlert, type AlertEvent, type AlertState } from '@fidelis/shared/compliance/acknowledgement.js';
import { deciderScenario } from '../../support/givenWhenThen.js';

const ALERT = 'STRUCTURING:cust-1:01JDEPOSIT0000000000000001';
const acknowledge = (transactions: number, note?: string): AcknowledgeAlert => ({ type: 'AcknowledgeAlert', alertId: ALERT, transactions, ...(note ? { note } : {}) });
const acknowledged = (transactions: number): AlertEvent => ({ type: 'AlertAcknowledged', data: { alertId: ALERT, transactions } });
const scenario = () => deciderScenario<AcknowledgeAlert, AlertEvent, AlertState>(alertDecider);

describe('acknowledging an alert', () => {
  it('records one AlertAcknowledged naming the alert, the transactions seen and the note', () => {
    const then = scenario().when(acknowledge(3, 'cash business')).then.expectAccepted();
    expect(then.events.all).toEqual([{ type: 'AlertAcknowledged', data: { alertId: ALERT, transactions: 3, note: 'cash business' } }]);
    expect(then.state).toEqual({ version: 0, acknowledgedTransactions: 3 });
  });

  it('records nothing when the alert is already acknowledged as it stands (a second click, a retry, a concurrent reviewer)', () => {
    const then = scenario().given(acknowledged(3)).when(acknowledge(3, 'me too')).then.expectAccepted();
    expect(then.events.count).toBe(0);
    expect(then.state.version).toBe(0);
  });

  it('records a second acknowledgement once the series grew past the first', () => {
    const then = scenario().given(acknowledged(3)).when(acknowledge(4)).then.expectAccepted();
    expect(then.events.all).toEqual([acknowledged(4)]);
    expect(then.history.count).toBe(2);
  });

  it('refuses an alert id a stream cannot carry, on alertId', () => {
    expect(acknowledgeAlertSchema.safeParse({ ...acknowledge(1), alertId: 'has space' }).error?.issues[0]?.path).toEqual(['alertId']);
    expect(acknowledgeAlertSchema.safeParse({ ...acknowledge(1), alertId: 'a|b' }).success).toBe(false);
  });
});
