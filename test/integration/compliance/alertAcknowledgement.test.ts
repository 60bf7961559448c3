/**
 * A reviewer's acknowledgement of a compliance alert is an event (AlertAcknowledged on the alert's stream), on a real
 * on-disk store: the alert list and the audit trail show it, an unknown alert or a second acknowledgement records
 * nothing, a structuring series that grows reopens the alert, and the alerts slot rebuilt from the events holds the
 * same alerts, acknowledgements included — also those made before acknowledgements were events.
 */

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERTS_SLOT, COMPLIANCE_ALERTS_HANDLER, type AlertRecord } from '../../../main/compliance/complianceAlertsHandler.js';
import { SLOT_ACKNOWLEDGEMENT_MIGRATION } from '../../../main/compliance/alerts.js';
import { createHost, type Host } from '../../../main/host.js';
import { createCheckpoints } from '../../../main/processing/checkpoints.js';
import { createReadModelStore, type ReadModelStore } from '../../../main/projections/readModelStore.js';
import { openDiskIndexedDb } from '../../../main/store/engineMigration.js';
import { openLedgerDatabase } from '../../../main/store/ledgerDatabase.js';
import { accountCommands } from '../../support/accountFixtures.js';
import { makeTempDir } from '../../support/tempDir.js';

const dir = makeTempDir('fidelis-alert-ack-');
const dataDir = dir.join('data');
let now = new Date('2026-03-02T09:00:00.000Z');
let host: Host;

const openHost = () => createHost({ dataDir, clock: () => now, settings: { processingRetryBaseMs: 1, factEvents: false } });
const alertStream = (alertId: string) => host.readStream(`alert-${alertId}`);
const alertOf = async (kind: string, accountId: string) => (await host.alerts.list({ accountId })).find((a) => a.kind === kind)!;

/** Works on the closed data dir's own database, as a later Fidelis (or an earlier one) would have left it. */
async function withClosedLedger(work: (readModels: ReadModelStore, database: Awaited<ReturnType<typeof openLedgerDatabase>>) => Promise<void>): Promise<void> {
  await host.close();
  const database = await openLedgerDatabase(await openDiskIndexedDb(dataDir));
  try {
    await work(createReadModelStore(database.collections.readmodels), database);
  } finally {
    await database.close();
  }
  host = await openHost();
  await host.processing.settle();
}

/** The alerts slot and the handler's memory emptied and its checkpoint removed: the handler folds every event again. */
const rebuildAlertsSlot = () =>
  withClosedLedger(async (readModels, database) => {
    expect(await readModels.truncate(ALERTS_SLOT)).toBeGreaterThan(0);
    await readModels.truncate(`handler:${COMPLIANCE_ALERTS_HANDLER}`);
    await createCheckpoints(database.collections.checkpoints, () => now).remove(COMPLIANCE_ALERTS_HANDLER);
  });

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (const deadline = Date.now() + 10_000; ; ) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const large = accountCommands();
const structuring = accountCommands();
const older = accountCommands();

beforeAll(async () => {
  host = await openHost();
  await host.execute(large.open({ openingDeposit: '0', number: 'ACK-LARGE' }));
  await host.execute(large.deposit('12000'));
  await host.execute(structuring.open({ openingDeposit: '0', number: 'ACK-STRUCT' }));
  for (const hours of [0, 2, 4]) {
    now = new Date(Date.parse('2026-03-02T09:00:00.000Z') + hours * 3_600_000);
    await host.execute(structuring.deposit('9500'));
  }
  await host.execute(older.open({ openingDeposit: '0', number: 'ACK-OLDER' }));
  await host.execute(older.deposit('15000'));
  await host.processing.settle();
  now = new Date('2026-03-02T15:00:00.000Z');
});

afterAll(async () => {
  await host?.close();
  dir.remove();
});

describe('acknowledging a compliance alert', () => {
  it('records an AlertAcknowledged by the reviewer, which the alert list shows at once and the audit trail names', async () => {
    const alert = await alertOf('LARGE_DEPOSIT', large.accountId);
    const acknowledged = await host.alerts.acknowledge(alert.id, 'cora', '  Inheritance, probate papers seen ');
    expect(acknowledged).toMatchObject({ id: alert.id, status: 'ACKNOWLEDGED', acknowledgedBy: 'cora', acknowledgedAt: now.toISOString(), note: 'Inheritance, probate papers seen' });
    // The screen lists the alerts again as soon as the acknowledgement answers.
    expect((await host.alerts.list({ status: 'OPEN' })).map((a) => a.id)).not.toContain(alert.id);
    expect(await host.alerts.get(alert.id)).toEqual(acknowledged);

    const [event, ...more] = await alertStream(alert.id);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ type: 'Fidelis.AlertAcknowledged.v1', occurredAt: now.toISOString(), data: { alertId: alert.id, transactions: 1, note: 'Inheritance, probate papers seen' } });
    expect(event!.meta).toMatchObject({ actor: 'cora', commandType: 'AcknowledgeAlert' });
    expect(acknowledged.acknowledgedEventId).toBe(event!.id);

    await host.reports.export({ kind: 'audit', date: '2026-03-02', format: 'json', out: dir.join('audit.json') });
    const rows = (JSON.parse(readFileSync(dir.join('audit.json'), 'utf8')) as { rows: Record<string, string>[] }).rows;
    expect(rows.find((r) => r.streamId === `alert-${alert.id}`)).toMatchObject({ type: 'Fidelis.AlertAcknowledged.v1', actor: 'cora' });
  });

  it('refuses an unknown alert (NOT_FOUND) and records nothing; acknowledging again records nothing and answers the acknowledged alert', async () => {
    const head = host.store.headSeq();
    await expect(host.alerts.acknowledge('LARGE_DEPOSIT:no-such-event', 'cora')).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect(await alertStream('LARGE_DEPOSIT:no-such-event')).toEqual([]);

    const alert = await alertOf('LARGE_DEPOSIT', large.accountId);
    const again = await host.alerts.acknowledge(alert.id, 'dan', 'me too');
    expect(again).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedBy: 'cora', note: 'Inheritance, probate papers seen' });
    expect(await alertStream(alert.id)).toHaveLength(1);
    expect(host.store.headSeq()).toBe(head);
  });

  it('reopens a structuring alert whose series grows after its acknowledgement, with the new deposit', async () => {
    const alert = await alertOf('STRUCTURING', structuring.accountId);
    expect(alert.eventIds).toHaveLength(3);
    expect(await host.alerts.acknowledge(alert.id, 'cora', 'cash business')).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedBy: 'cora' });
    now = new Date('2026-03-02T16:00:00.000Z');
    await host.execute(structuring.deposit('9500'));
    await host.processing.settle();
    const grown = await host.alerts.get(alert.id);
    expect(grown).toMatchObject({ status: 'OPEN', eventIds: expect.arrayContaining([...alert.eventIds]) });
    expect(grown.eventIds).toHaveLength(4);
    expect(grown).not.toHaveProperty('acknowledgedBy');
    expect(grown).not.toHaveProperty('note');
  });
});

describe('the alerts slot rebuilt from the events', () => {
  it('holds the same alerts: acknowledged ones acknowledged, a series grown since its acknowledgement open', async () => {
    const before = await host.alerts.list();
    expect(before.map((a) => [a.accountId, a.kind, a.status])).toEqual(
      expect.arrayContaining([
        [large.accountId, 'LARGE_DEPOSIT', 'ACKNOWLEDGED'],
        [structuring.accountId, 'STRUCTURING', 'OPEN'],
        [older.accountId, 'LARGE_DEPOSIT', 'OPEN'],
      ]),
    );
    expect(before).toHaveLength(3);
    await rebuildAlertsSlot();
    expect(await host.alerts.list()).toEqual(before);
  });

  it('lets the reopened alert be acknowledged again, as it now stands, and keeps both acknowledgements through a rebuild', async () => {
    const alert = await alertOf('STRUCTURING', structuring.accountId);
    const acknowledged = await host.alerts.acknowledge(alert.id, 'dan', 'four deposits: filed a SAR');
    expect(acknowledged).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedBy: 'dan', note: 'four deposits: filed a SAR' });
    expect((await alertStream(alert.id)).map((e) => [e.meta.actor, e.data.transactions])).toEqual([
      ['cora', 3],
      ['dan', 4],
    ]);
    await rebuildAlertsSlot();
    expect(await host.alerts.get(alert.id)).toEqual(acknowledged);
  });
});

describe('an acknowledgement from before acknowledgements were events', () => {
  it('is recorded as an event once, at start, for the person who made it, and survives a rebuild', async () => {
    const alert = await alertOf('LARGE_DEPOSIT', older.accountId);
    // As the earlier Fidelis wrote it: straight into the alerts slot, with no event.
    const earlier: AlertRecord = { ...alert, status: 'ACKNOWLEDGED', acknowledgedBy: 'old.reviewer', acknowledgedAt: '2026-03-02T12:00:00.000Z', note: 'known customer' };
    await withClosedLedger((readModels) => readModels.put(ALERTS_SLOT, alert.id, { ...earlier }, alert.seq));

    const [event, ...more] = await eventually(() => alertStream(alert.id), (events) => events.length > 0);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ type: 'Fidelis.AlertAcknowledged.v1', data: { alertId: alert.id, transactions: 1, note: 'known customer', acknowledgedBy: 'old.reviewer', acknowledgedAt: '2026-03-02T12:00:00.000Z' } });
    expect(event!.meta).toMatchObject({ actor: 'old.reviewer', process: SLOT_ACKNOWLEDGEMENT_MIGRATION });
    await host.processing.settle();
    const recorded = await host.alerts.get(alert.id);
    expect(recorded).toEqual({ ...earlier, acknowledgedEventId: event!.id });

    // Run again (as every start does), it finds nothing left to record.
    expect(await host.alerts.recordSlotAcknowledgements()).toBe(0);
    expect(await alertStream(alert.id)).toHaveLength(1);

    await rebuildAlertsSlot();
    expect(await host.alerts.get(alert.id)).toEqual(recorded);
  });
});
