/** SCENARIOS 19: a correlation id reaches every event and command downstream; causation ids point to the parent. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metaCausedBy } from '@fidelis/shared/events/causation.js';
import { createHost, type Host } from '../../../main/host.js';
import type { TraceNode } from '../../../main/events/tracing.js';

let host: Host;
beforeAll(async () => {
  // Fact events (SCENARIOS 18) are appended asynchronously under the same correlation: off, so each tree is exact.
  host = await createHost({ inMemory: true, settings: { factEvents: false } });
});
afterAll(async () => {
  await host.close();
});

const allNodes = (nodes: readonly TraceNode[]): TraceNode[] => nodes.flatMap((n) => [n, ...allNodes(n.children)]);

describe('SCENARIOS 19: tracing', () => {
  it('gives every event of a command the correlation id the caller chose', async () => {
    const outcome = await host.execute(
      { type: 'OpenAccount', accountId: 't1', number: 'T-1', holder: 'Tom', openingDeposit: '100' },
      { correlationId: 'corr-open', commandId: 'cmd-open' },
    );
    expect(outcome.events.map((e) => e.meta.correlationId)).toEqual(['corr-open']);
    const trace = await host.explore.trace('corr-open');
    expect(trace.roots).toHaveLength(1);
    expect(trace.roots[0]).toMatchObject({ kind: 'command', id: 'cmd-open', type: 'OpenAccount', parentId: null });
    // The opening reserved its number first: a command it caused, on the number's stream.
    expect(trace.roots[0]!.children.map((c) => c.type)).toEqual(['ReserveAccountNumber', 'Fidelis.AccountOpened.v2']);
  });

  it('makes a correlation id for a command given none: its own command id', async () => {
    const outcome = await host.execute({ type: 'MakeDeposit', accountId: 't1', amount: '1' });
    const [event] = outcome.events;
    expect(event!.meta.correlationId).toBe(event!.meta.commandId);
    expect(event!.meta.causationId).toBe(event!.meta.commandId);
  });

  it('hangs a command caused by an event under that event, and walks up and down from any message', async () => {
    const first = await host.execute({ type: 'MakeDeposit', accountId: 't1', amount: '10' }, { correlationId: 'corr-chain', commandId: 'cmd-root' });
    const cause = first.events[0]!;
    // What a handler does when an event makes it act: metaCausedBy keeps the correlation and points at the event.
    const second = await host.execute({ type: 'MakeWithdrawal', accountId: 't1', amount: '3' }, metaCausedBy(cause, { commandId: 'cmd-follow' }));
    const effect = second.events[0]!;
    expect(effect.meta).toMatchObject({ correlationId: 'corr-chain', causationId: cause.id, commandId: 'cmd-follow' });

    const trace = await host.explore.trace('corr-chain');
    expect(trace.flat.map((n) => `${'  '.repeat(n.depth)}${n.kind} ${n.type}`)).toEqual([
      'command MakeDeposit',
      '  event Fidelis.DepositMade.v4',
      '    command MakeWithdrawal',
      '      event Fidelis.WithdrawalMade.v2',
    ]);
    expect((await host.explore.causes(effect.id)).map((n) => n.id)).toEqual(['cmd-root', cause.id, 'cmd-follow', effect.id]);
    const down = await host.explore.effects('cmd-root');
    expect(allNodes([down]).map((n) => n.id)).toEqual(['cmd-root', cause.id, 'cmd-follow', effect.id]);
    expect((await host.explore.effects(cause.id)).children.map((n) => n.id)).toEqual(['cmd-follow']);
  });

  it('follows a transfer through the process manager: one correlation, one root, every other command caused by an event', async () => {
    await host.execute({ type: 'OpenAccount', accountId: 'ta', number: 'T-A', holder: 'Ann', openingDeposit: '10000' });
    await host.execute({ type: 'OpenAccount', accountId: 'tb', number: 'T-B', holder: 'Ben', openingDeposit: '5000' });
    const { transferId } = await host.transfers.start({ fromAccountId: 'ta', toAccountId: 'tb', amount: '3000' }, { correlationId: 'corr-transfer' });
    await host.transfers.waitUntilFinished(transferId);
    expect((await host.getAccount('ta'))?.balance).toBe('7000.00');

    const trace = await host.explore.trace('corr-transfer');
    expect(trace.roots).toHaveLength(1);
    const nodes = allNodes(trace.roots);
    expect(nodes).toHaveLength(trace.flat.length);
    const streams = new Set(nodes.filter((n) => n.kind === 'event').map((n) => n.streamId));
    expect([...streams]).toEqual(expect.arrayContaining([`transfer-${transferId}`, 'account-ta', 'account-tb']));
    for (const command of nodes.filter((n) => n.kind === 'command' && n !== trace.roots[0])) {
      expect(trace.flat.find((n) => n.id === command.parentId)?.kind).toBe('event');
    }
    // Every event recorded with that correlation is in the tree.
    const correlated = (await host.explore.search({ typePart: 'fidelis', limit: 10_000 })).events.filter((e) => e.meta.correlationId === 'corr-transfer');
    expect(nodes.filter((n) => n.kind === 'event').map((n) => n.id).sort()).toEqual(correlated.map((e) => e.id).sort());
  });

  it('says so when asked about a message the ledger never recorded', async () => {
    await expect(host.explore.causes('no-such-id')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await host.explore.trace('no-such-correlation')).flat).toEqual([]);
  });
});
