/**
 * The ledger's read models as projections: AccountSummary (inline), ActivityFeed, Journal with its trial balance,
 * BranchDashboard (async) and AccountReport from fact events (async). Rules live in shared/ledger/readModels.
 */

import { ACCOUNT_SUMMARY_EVENTS, evolveAccountSummary, type AccountSummary } from '@fidelis/shared/ledger/readModels/accountSummary.js';
import { ACTIVITY_EVENTS, activityEntryOf } from '@fidelis/shared/ledger/readModels/activityFeed.js';
import { accountFactSchema, evolveAccountReport, FACT_CATEGORY, type AccountReport } from '@fidelis/shared/ledger/readModels/accountFacts.js';
import { dashboardKeyOf, evolveDashboardDay, type DashboardDay } from '@fidelis/shared/ledger/readModels/branchDashboard.js';
import { JOURNAL_CATEGORIES, JOURNAL_EVENTS, journalEntryOf, postIntoTrialBalance, type JournalEntry, type TrialBalanceDay } from '@fidelis/shared/ledger/readModels/journal.js';
import { optionalText, text, type LedgerEvent } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { ProjectionDefinition } from './projection.js';
import type { ProjectionView } from './readModelStore.js';

/** Keys inside a slot: documents of different kinds share it, told apart by prefix. */
export const KEYS = {
  account: (accountId: string) => `account:${accountId}`,
  entry: (eventId: string) => `entry:${eventId}`,
  trialBalance: (currency: string, day: string) => `tb:${currency}|${day}`,
  day: (key: string) => `day:${key}`,
  transfer: (transferId: string) => `transfer:${transferId}`,
} as const;

interface AccountFacts {
  readonly currency: string;
}

const accountIdOf = (envelope: EventEnvelope): string | undefined => (typeof envelope.data.accountId === 'string' ? envelope.data.accountId : undefined);
const withAccount = (key: (accountId: string) => string) => (envelope: EventEnvelope): string[] => {
  const accountId = accountIdOf(envelope);
  return accountId ? [key(accountId)] : [];
};

/** Projections that need an account's currency remember it from the opening, in their own slot. */
async function currencyLookup(event: LedgerEvent, view: ProjectionView): Promise<(accountId: string) => string | undefined> {
  const accountId = optionalText(event.data, 'accountId');
  if (event.type === 'AccountOpened' && accountId) {
    await view.update<AccountFacts>(KEYS.account(accountId), () => ({ currency: text(event.data, 'currency') }));
  }
  const known = accountId ? await view.get<AccountFacts>(KEYS.account(accountId)) : undefined;
  return (id) => (id === accountId ? (known?.currency ?? (event.type === 'AccountOpened' ? text(event.data, 'currency') : undefined)) : undefined);
}

export const accountSummaryProjection: ProjectionDefinition = {
  name: 'AccountSummary',
  version: 1,
  mode: 'inline',
  categories: ['account'],
  eventTypes: ACCOUNT_SUMMARY_EVENTS,
  prefetch: withAccount((accountId) => accountId),
  async apply(event, view) {
    await view.update<AccountSummary>(text(event.data, 'accountId'), (current) => evolveAccountSummary(current, event));
  },
};

export const activityFeedProjection: ProjectionDefinition = {
  name: 'ActivityFeed',
  version: 1,
  mode: 'async',
  eventTypes: ACTIVITY_EVENTS,
  prefetch: withAccount(KEYS.account),
  ownKeys: (envelope) => [KEYS.entry(envelope.id)],
  async apply(event, view) {
    const currencyOf = await currencyLookup(event, view);
    const transferId = optionalText(event.data, 'transferId');
    let transferAccounts: readonly string[] = [];
    if (transferId) {
      // Later transfer steps name only the transfer: the feed remembers its accounts from the initiation.
      const from = optionalText(event.data, 'fromAccountId');
      const to = optionalText(event.data, 'toAccountId');
      if (from && to) await view.update<{ accountIds: string[] }>(KEYS.transfer(transferId), () => ({ accountIds: [from, to] }));
      transferAccounts = (await view.get<{ accountIds: string[] }>(KEYS.transfer(transferId)))?.accountIds ?? [];
    }
    const entry = activityEntryOf(event, currencyOf, transferAccounts);
    if (entry) await view.update(KEYS.entry(event.id), () => entry);
  },
};

/**
 * Business days are the branch's (settings.timeZone, read as each event is folded): the journal and the dashboard
 * count per day in that zone, and are rebuilt when the branch's zone changes (main/branchTimeZone.ts).
 */
export const journalProjection = (timeZone: () => string): ProjectionDefinition => ({
  name: 'Journal',
  // v2: days in the branch's time zone; openings booked by their source; withdrawals by their recorded channel.
  // v3: cash through tills, the vault and the cash centre, counted differences to cash over/short, postings after a day's close on the next day.
  version: 3,
  mode: 'async',
  categories: JOURNAL_CATEGORIES,
  eventTypes: JOURNAL_EVENTS,
  prefetch: withAccount(KEYS.account),
  ownKeys: (envelope) => [KEYS.entry(envelope.id)],
  async apply(event, view) {
    const entry = journalEntryOf(event, await currencyLookup(event, view), timeZone());
    if (!entry) return;
    await view.update<JournalEntry>(KEYS.entry(event.id), () => entry);
    // The day's draft is the batch's own: posted into in place, copied once a batch rather than once an entry.
    await view.revise<TrialBalanceDay>(KEYS.trialBalance(entry.currency, entry.businessDay), (day) => postIntoTrialBalance(day, entry));
  },
});

export const branchDashboardProjection = (timeZone: () => string): ProjectionDefinition => ({
  name: 'BranchDashboard',
  // v2: days in the branch's time zone.
  version: 2,
  mode: 'async',
  categories: ['account'],
  eventTypes: ['AccountOpened', 'DepositMade', 'WithdrawalMade', 'AccountClosed'],
  prefetch: withAccount(KEYS.account),
  async apply(event, view) {
    const currency = (await currencyLookup(event, view))(text(event.data, 'accountId'));
    if (!currency) return;
    await view.update<DashboardDay>(KEYS.day(dashboardKeyOf(event, currency, timeZone())), (day) => evolveDashboardDay(day, event, currency, timeZone()));
  },
});

export const accountReportProjection: ProjectionDefinition = {
  name: 'AccountReport',
  version: 1,
  mode: 'async',
  categories: [FACT_CATEGORY],
  eventTypes: ['AccountFact'],
  async apply(event, view) {
    const fact = accountFactSchema.parse(event.data);
    await view.update<AccountReport>(fact.accountId, (current) => evolveAccountReport(current, fact, event.occurredAt));
  },
};

export const ledgerProjections = (timeZone: () => string): readonly ProjectionDefinition[] => [
  accountSummaryProjection,
  activityFeedProjection,
  journalProjection(timeZone),
  branchDashboardProjection(timeZone),
  accountReportProjection,
];
