/** SCENARIOS 17: enrichers add metadata (tenant id, request id…) in registration order, never into the payload. */

import { afterEach, describe, expect, it } from 'vitest';
import type { Enricher } from '../../../main/enrichment/enrichers.js';
import { requestIdEnricher, tenantEnricher, workstationEnricher } from '../../../main/enrichment/standardEnrichers.js';
import { createHost, type Host } from '../../../main/host.js';

let host: Host | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

describe('SCENARIOS 17: enrichers', () => {
  it('add tenant, request id and workstation to the meta of every event, in registration order, and nothing to the payload', async () => {
    let requests = 0;
    const seen: string[] = [];
    // Sees what the enrichers before it added: registration order is the order they run in.
    const audit: Enricher = {
      name: 'audit',
      enrich: ({ meta }) => {
        seen.push(Object.keys(meta).join(','));
        return { auditTrail: `${String(meta.tenantId)}/${String(meta.requestId)}` };
      },
    };
    host = await createHost({
      inMemory: true,
      enrichers: [tenantEnricher('bank-7'), requestIdEnricher(() => `req-${++requests}`), audit, workstationEnricher('TELLER-3')],
    });
    const opened = await host.execute({ type: 'OpenAccount', accountId: 'e1', number: 'E-1', holder: 'Eve', openingDeposit: '10' });
    const deposited = await host.execute({ type: 'MakeDeposit', accountId: 'e1', amount: '5' });

    const [open, deposit] = await host.readStream('account-e1');
    expect(open!.meta).toMatchObject({ tenantId: 'bank-7', requestId: 'req-1', auditTrail: 'bank-7/req-1', workstation: 'TELLER-3' });
    expect(deposit!.meta).toMatchObject({ tenantId: 'bank-7', requestId: 'req-2', auditTrail: 'bank-7/req-2', workstation: 'TELLER-3' });
    const added = ['workstation', 'auditTrail', 'requestId', 'tenantId'];
    expect(Object.keys(deposit!.meta).filter((key) => added.includes(key))).toEqual(['tenantId', 'requestId', 'auditTrail', 'workstation']);
    expect(seen[0]).toMatch(/tenantId,requestId$/);

    for (const event of [open!, deposit!]) {
      for (const key of ['tenantId', 'requestId', 'auditTrail', 'workstation']) expect(event.data).not.toHaveProperty(key);
    }
    expect(deposit!.data).toEqual({ accountId: 'e1', amount: '500', sourceType: 'cash', currency: 'USD', channel: 'counter' });
    expect(opened.events[0]!.meta.tenantId).toBe('bank-7');
    expect(deposited.events[0]!.meta.requestId).toBe('req-2');
  });

  it('let a later enricher override an extension an earlier one set', async () => {
    host = await createHost({ inMemory: true, enrichers: [tenantEnricher('first'), tenantEnricher('second')] });
    const outcome = await host.execute({ type: 'OpenAccount', accountId: 'e2', number: 'E-2', holder: 'Eve' });
    expect(outcome.events[0]!.meta.tenantId).toBe('second');
  });

  it('cannot change the command or the ledger’s own meta fields', async () => {
    const meddler: Enricher = {
      name: 'meddler',
      enrich: ({ command }) => {
        (command as { amount?: string }).amount = '1000000';
        return {};
      },
    };
    host = await createHost({ inMemory: true, enrichers: [meddler] });
    await expect(host.execute({ type: 'OpenAccount', accountId: 'e3', number: 'E-3', holder: 'Eve' })).rejects.toThrow(TypeError);
    await host.close();

    host = await createHost({ inMemory: true, enrichers: [{ name: 'impostor', enrich: () => ({ actor: 'root' }) }] });
    await expect(host.execute({ type: 'OpenAccount', accountId: 'e4', number: 'E-4', holder: 'Eve' })).rejects.toThrow(
      'Enricher impostor tried to set meta.actor, which the ledger sets itself.',
    );
    expect(await host.readStream('account-e4')).toEqual([]);
  });
});
