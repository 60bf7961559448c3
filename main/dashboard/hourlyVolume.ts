/**
 * HourlyVolume: deposits (opening deposits included) and withdrawals per UTC hour and currency, deposits by source. The
 * dashboard shows a day in the teller's time zone, which BranchDashboard's UTC business days cannot cut; hours can.
 */

import { minorOf, optionalText, text } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import type { FigureTotal } from '@fidelis/shared/ledger/readModels/branchDashboard.js';
import type { ProjectionDefinition } from '../projections/projection.js';

export interface HourVolume {
  /** `2026-11-26T15`: the UTC hour. */
  readonly hour: string;
  readonly currency: string;
  readonly deposits: FigureTotal;
  readonly depositsBySource: Readonly<Record<string, FigureTotal>>;
  readonly withdrawals: FigureTotal;
}

interface AccountCurrency {
  readonly currency: string;
}

export const hourOf = (isoTime: string): string => new Date(isoTime).toISOString().slice(0, 13);
export const hourKey = (hour: string, currency: string): string => `h:${hour}|${currency}`;
const accountKey = (accountId: string) => `account:${accountId}`;

const add = (figure: FigureTotal | undefined, amount: bigint): FigureTotal => ({
  count: (figure?.count ?? 0) + 1,
  total: (BigInt(figure?.total ?? '0') + amount).toString(),
});

export const hourlyVolumeProjection: ProjectionDefinition = {
  name: 'HourlyVolume',
  version: 1,
  mode: 'async',
  categories: ['account'],
  eventTypes: ['AccountOpened', 'DepositMade', 'WithdrawalMade'],
  prefetch: (envelope) => (typeof envelope.data.accountId === 'string' ? [accountKey(envelope.data.accountId)] : []),
  async apply(event, view) {
    const accountId = text(event.data, 'accountId');
    if (event.type === 'AccountOpened') await view.update<AccountCurrency>(accountKey(accountId), () => ({ currency: text(event.data, 'currency') }));
    const currency = optionalText(event.data, 'currency') ?? (await view.get<AccountCurrency>(accountKey(accountId)))?.currency;
    // An opening deposit is money paid in at the counter: it counts, under the source "opening".
    const amount = event.type === 'AccountOpened' ? minorOf(event.data, 'openingDeposit') : minorOf(event.data);
    if (!currency || (event.type === 'AccountOpened' && amount === 0n)) return;
    const hour = hourOf(event.occurredAt);
    await view.update<HourVolume>(hourKey(hour, currency), (current) => {
      const volume = current ?? { hour, currency, deposits: { count: 0, total: '0' }, depositsBySource: {}, withdrawals: { count: 0, total: '0' } };
      if (event.type === 'WithdrawalMade') return { ...volume, withdrawals: add(volume.withdrawals, amount) };
      const source = event.type === 'AccountOpened' ? 'opening' : text(event.data, 'sourceType') || 'unknown';
      return { ...volume, deposits: add(volume.deposits, amount), depositsBySource: { ...volume.depositsBySource, [source]: add(volume.depositsBySource[source], amount) } };
    });
  },
};
