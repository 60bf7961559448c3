// @vitest-environment jsdom
// The event explorer opens an event (jsdom): its data, its meta (who, where, approver) and its correlation's trace.

import { cleanup, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ExplorerScreen } from '../../../renderer/src/screens/ExplorerScreen.js';
import { fakeMain, ok } from '../../support/fakeMain.js';

afterEach(cleanup);

const withdrawal = {
  eventId: 'ev-9',
  type: 'Fidelis.WithdrawalMade.v2',
  streamId: 'account-a1',
  version: 4,
  seq: 31,
  occurredAt: '2026-11-26T10:00:00.000Z',
  correlationId: 'cmd-9',
  causationId: 'cmd-9',
  data: { accountId: 'a1', amount: '1050000', channel: 'cash' },
};

const answer = (method: string) => {
  switch (method) {
    case 'explorer.search':
      return ok({ total: 1, items: [withdrawal] });
    case 'explorer.event':
      return ok({
        event: { ...withdrawal, recordedAt: '2026-11-26T10:00:01.000Z', meta: { actor: 'tom', approvedBy: 'sue', deviceId: 'dev-1', branchId: 'B1', commandId: 'cmd-9' } },
        trace: { correlationId: 'cmd-9', nodes: [{ id: 'cmd-9', kind: 'command', type: 'MakeWithdrawal', streamId: null, parentId: null, at: null }, { id: 'ev-9', kind: 'event', type: 'Fidelis.WithdrawalMade.v2', streamId: 'account-a1', parentId: 'cmd-9', at: '2026-11-26T10:00:00.000Z' }] },
      });
    case 'explorer.streams':
      return ok({ total: 0, items: [] });
    default:
      return ok({ items: [] });
  }
};

describe('event explorer', () => {
  it('opens an event from the search with its data, its meta and its trace, and moves focus to it', async () => {
    const user = userEvent.setup();
    const main = fakeMain(answer);
    main.wrap(<ExplorerScreen />);
    const row = await screen.findByRole('row', { name: /Withdrawal made/ });
    await user.click(within(row).getByRole('button', { name: 'Open event 31' }));
    const details = await screen.findByRole('region', { name: 'Event details' });
    await within(details).findByRole('heading', { name: /Withdrawal made/ });
    expect(document.activeElement).toBe(details);
    expect(main.calls.find((c) => c.method === 'explorer.event')!.input).toEqual({ streamId: 'account-a1', version: 4 });
    expect(within(details).getByLabelText('Event data').textContent).toContain('"amount": "1050000"');
    expect(within(details).getByLabelText('Event meta').textContent).toContain('"approvedBy": "sue"');
    expect(within(within(details).getByRole('tree', { name: 'Causation tree' })).getAllByRole('treeitem')).toHaveLength(2);
    await user.click(within(details).getByRole('button', { name: 'Close event' }));
    expect(screen.queryByRole('region', { name: 'Event details' })).toBeNull();
  });
});
