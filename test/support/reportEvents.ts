/** Ledger events built by hand and fed to a report builder the way main's feed does (two passes when asked): pure report tests. */

import type { LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import { createRateBook, type RateEntry } from '@fidelis/shared/rates/rateBook.js';
import type { EventPosition, ReportBuilder, ReportParams, ReportRow } from '@fidelis/shared/reports/model.js';

export const RULES: ReportParams['rules'] = {
  ctrThreshold: '10000.00',
  largeAmount: '10000.00',
  structuringCount: 3,
  structuringNearPercent: 80,
  structuringWindows: [
    { kind: 'businessDays', days: 1 },
    { kind: 'businessDays', days: 3 },
    { kind: 'rollingHours', hours: 168 },
  ],
};

export const rates = (...entries: Array<[day: string, currency: string, usdPerUnit: string]>) =>
  createRateBook(entries.map(([day, currency, usdPerUnit]): RateEntry => ({ day, currency, usdPerUnit, eventId: `rate-${currency}-${day}` })));

export const paramsOf = (kind: ReportParams['kind'], extra: Partial<ReportParams> = {}): ReportParams => ({
  kind,
  from: '2026-03-02',
  to: '2026-03-02',
  branchId: 'BR001',
  timeZone: 'UTC',
  includeLate: false,
  rules: RULES,
  rates: rates(),
  ...extra,
});

/** Builds events with increasing seqs; `event(...)` makes one, the helpers the common ones. */
export function eventFactory() {
  let seq = 0;
  const event = (type: string, data: Record<string, unknown>, occurredAt: string, meta: Record<string, string> = {}): LedgerEvent => {
    seq += 1;
    const streamId = typeof data.accountId === 'string' ? `account-${data.accountId}` : typeof data.customerId === 'string' ? `customer-${data.customerId}` : 'other';
    return {
      id: `e${String(seq).padStart(3, '0')}`,
      type,
      storedType: `Fidelis.${type}.v1`,
      streamId,
      version: 0,
      seq,
      occurredAt,
      recordedAt: occurredAt,
      meta: { commandId: `c${seq}`, correlationId: `c${seq}`, causationId: `c${seq}`, actor: 't', deviceId: 'd', branchId: 'BR001', ...meta },
      data,
    };
  };
  return {
    event,
    customer: (customerId: string, legalName: string, details: Record<string, unknown> = {}) => event('CustomerRegistered', { customerId, kind: 'PERSON', legalName, ...details }, '2026-03-01T08:00:00.000Z'),
    opened: (accountId: string, owners: readonly string[], currency = 'USD', openingDeposit = '0', holder = accountId) =>
      event('AccountOpened', { accountId, number: accountId.toUpperCase(), holder, owners, currency, openingDeposit, openingDepositSource: 'cash', overdraftLimit: '0' }, '2026-03-01T08:00:00.000Z'),
    cashIn: (accountId: string, amount: string, occurredAt: string, currency = 'USD', reference?: string) =>
      event('DepositMade', { accountId, amount, sourceType: 'cash', currency, channel: 'counter', ...(reference ? { reference } : {}) }, occurredAt),
    cashOut: (accountId: string, amount: string, occurredAt: string, channel = 'cash', reference?: string) =>
      event('WithdrawalMade', { accountId, amount, channel, ...(reference ? { reference } : {}) }, occurredAt),
  };
}

/** Feeds events (in order) with their positions, a second time from where the report asks if it does, and returns every row. */
export function runReport(builder: ReportBuilder, events: ReadonlyArray<LedgerEvent | [LedgerEvent, EventPosition]>, positionOf: (e: LedgerEvent) => EventPosition = () => 'period'): ReportRow[] {
  const fed = events.map((e): [LedgerEvent, EventPosition] => (Array.isArray(e) ? e : [e, positionOf(e)]));
  const rows: ReportRow[] = [];
  const feed = (afterSeq: number) => {
    for (const [e, position] of fed.filter(([e]) => e.seq > afterSeq)) {
      if (builder.wants && !builder.wants(e.type, position)) continue;
      const envelope = { id: e.id, type: e.storedType, streamId: e.streamId, version: e.version, seq: e.seq, gpos: null, occurredAt: e.occurredAt, recordedAt: e.recordedAt, data: e.data, meta: e.meta };
      rows.push(...builder.accept({ envelope, event: e, position }));
    }
  };
  feed(0);
  const again = builder.rescan?.();
  if (again) feed(again.afterSeq);
  rows.push(...builder.finish());
  return rows;
}
