// @vitest-environment jsdom
// The Operations screen's integrity check (jsdom): an administrator verifies the hash chain and reads the first broken link.

import { cleanup, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../renderer/src/App.js';
import { connected, fakeWorkstation, ok, STAFF } from '../../support/fakeMain.js';

beforeEach(() => {
  window.location.hash = '#/operations';
  window.sessionStorage.clear();
});
afterEach(cleanup);

const HEAD = 'a99dd38d3faa81d3371908729447baac806a8f5fc38af7f59186adb1f0046583';
const opsAnswers = (verification: unknown) => (method: string) => {
  if (method === 'ops.subscriptions') return ok({ items: [] });
  if (method === 'ops.deadLetters') return ok({ total: 0, items: [] });
  if (method === 'ops.rebuilds') return ok({ items: [] });
  if (method === 'ops.verify') return ok(verification);
  return undefined;
};

async function verify(verification: unknown) {
  const user = userEvent.setup();
  const main = fakeWorkstation({ signedIn: STAFF.admin }, opsAnswers(verification));
  main.wrap(<App onStatus={connected} />);
  const card = (await screen.findByRole('heading', { name: 'Ledger integrity' })).closest('section')!;
  await user.click(within(card as HTMLElement).getByRole('button', { name: 'Verify the ledger' }));
  return { status: await within(card as HTMLElement).findByRole('status'), main };
}

describe('ledger integrity on the Operations screen', () => {
  it('says the chain is intact with what was checked and the head hash', async () => {
    const { status, main } = await verify({ ok: true, commits: 12, events: 14, streams: 5, headSeq: 14, ledgerHeadHash: HEAD, firstBreak: null, breaks: 0 });
    expect(status.textContent).toContain('Intact: 12 commits, 14 events in 5 streams up to seq 14.');
    expect(status.textContent).toContain(HEAD);
    expect(main.calls.filter((c) => c.method === 'ops.verify')).toHaveLength(1);
  });

  it('names the first broken link', async () => {
    const firstBreak = { kind: 'content-changed', streamId: 'account-t2', version: 1, commitId: 'account-t2|000000000001', seq: 4, expected: 'aa', found: 'bb', message: 'the content of this commit changed after it was written' };
    const { status } = await verify({ ok: false, commits: 12, events: 14, streams: 5, headSeq: 14, ledgerHeadHash: HEAD, firstBreak, breaks: 2 });
    expect(status.textContent).toContain('Chain broken (2 links): first at account-t2 version 1, seq 4 — the content of this commit changed after it was written');
  });
});
