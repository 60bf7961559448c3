/** The read side staff and the UI query: account summaries, activity, the journal and trial balance, dashboard figures, account reports. */

import { DomainError } from '@fidelis/shared/errors.js';
import { formatAmount } from '@fidelis/shared/money/money.js';
import type { AccountReport } from '@fidelis/shared/ledger/readModels/accountFacts.js';
import { toAccountSummaryView, type AccountSummary, type AccountSummaryView } from '@fidelis/shared/ledger/readModels/accountSummary.js';
import type { ActivityEntry } from '@fidelis/shared/ledger/readModels/activityFeed.js';
import type { DashboardDay } from '@fidelis/shared/ledger/readModels/branchDashboard.js';
import { trialBalanceDifference, type JournalEntry, type TrialBalanceDay } from '@fidelis/shared/ledger/readModels/journal.js';
import type { ReadModelQuery, ReadModelStore } from './readModelStore.js';
import { searchDirectory } from '../accounts/accountDirectory.js';

export interface SummaryQuery {
  readonly status?: 'ACTIVE' | 'CLOSED';
  readonly holder?: string;
  readonly currency?: string;
  readonly number?: string;
  readonly limit?: number;
  readonly offset?: number;
}

export interface TrialBalanceReport extends TrialBalanceDay {
  /** Debits less credits, formatted: "0.00" for a sound day. */
  readonly difference: string;
  readonly balanced: boolean;
}

export interface ReadModels {
  readonly accountSummaries: {
    get(accountId: string): Promise<AccountSummaryView | undefined>;
    query(query?: SummaryQuery): Promise<AccountSummaryView[]>;
    count(query?: Omit<SummaryQuery, 'limit' | 'offset'>): Promise<number>;
    exists(accountId: string): Promise<boolean>;
    /** Accounts whose number, or a word of whose holder's name, starts with `text` (any case), numbers first, one page. */
    search(query: { text: string; offset: number; limit: number }): Promise<{ total: number; items: AccountSummaryView[] }>;
  };
  readonly activityFeed: {
    /** Newest first; all accounts when none is named. */
    list(options?: { accountId?: string; limit?: number; offset?: number }): Promise<ActivityEntry[]>;
    get(eventId: string): Promise<ActivityEntry | undefined>;
  };
  readonly accountReports: {
    get(accountId: string): Promise<AccountReport | undefined>;
    list(): Promise<AccountReport[]>;
  };
  readonly journal: {
    entriesOf(accountId: string): Promise<JournalEntry[]>;
    entry(eventId: string): Promise<JournalEntry | undefined>;
    trialBalance(options?: { currency?: string; businessDay?: string }): Promise<TrialBalanceReport[]>;
  };
  readonly dashboard: {
    days(options?: { businessDay?: string; currency?: string }): Promise<DashboardDay[]>;
  };
  /** Any projection's document by key (projections added by other slices read theirs through these). */
  document<T>(projection: string, key: string): Promise<T | undefined>;
  documents<T>(projection: string, query?: ReadModelQuery): Promise<T[]>;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where a projection's documents are read: `readableSlot` once an inline one holds what the commands before did. */
export interface ProjectionSlots {
  slotOf(projection: string): string;
  readableSlot(projection: string): Promise<string>;
}

export function createReadModels(store: ReadModelStore, slots: ProjectionSlots): ReadModels {
  const readable = (projection: string) => slots.readableSlot(projection);
  const summaryWhere = (query: SummaryQuery = {}) => ({
    ...(query.status ? { status: query.status } : {}),
    ...(query.currency ? { currency: query.currency } : {}),
    ...(query.number ? { number: query.number } : {}),
    ...(query.holder ? { holder: { $regex: escapeRegex(query.holder), $options: 'i' } } : {}),
  });
  const isEntry = { eventId: { $exists: true } };

  return {
    accountSummaries: {
      async get(accountId) {
        const summary = await store.get<AccountSummary>(await readable('AccountSummary'), accountId);
        return summary && toAccountSummaryView(summary);
      },
      async query(query = {}) {
        const found = await store.find<AccountSummary>(await readable('AccountSummary'), { where: summaryWhere(query), limit: query.limit ?? 100, skip: query.offset ?? 0 });
        return found.map(toAccountSummaryView);
      },
      count: async (query) => store.count(await readable('AccountSummary'), summaryWhere(query)),
      async exists(accountId) {
        // An account, once open, stays: found without waiting for the commands just before, it is there.
        if ((await store.get(slots.slotOf('AccountSummary'), accountId)) !== undefined) return true;
        return (await store.get(await readable('AccountSummary'), accountId)) !== undefined;
      },
      async search({ text, offset, limit }) {
        const { total, accountIds } = await searchDirectory(store, await readable('AccountDirectory'), text, { offset, limit });
        const slot = await readable('AccountSummary');
        const summaries = await Promise.all(accountIds.map((id) => store.get<AccountSummary>(slot, id)));
        return { total, items: summaries.filter((s): s is AccountSummary => s !== undefined).map(toAccountSummaryView) };
      },
    },
    activityFeed: {
      list: async ({ accountId, limit = 50, offset = 0 } = {}) =>
        store.find<ActivityEntry>(await readable('ActivityFeed'), {
          where: accountId ? { ...isEntry, accountIds: accountId } : isEntry,
          orderBy: 'seq',
          descending: true,
          limit,
          skip: offset,
        }),
      get: async (eventId) => store.get<ActivityEntry>(await readable('ActivityFeed'), `entry:${eventId}`),
    },
    accountReports: {
      get: async (accountId) => store.get<AccountReport>(await readable('AccountReport'), accountId),
      list: async () => store.find<AccountReport>(await readable('AccountReport')),
    },
    journal: {
      entriesOf: async (accountId) => store.find<JournalEntry>(await readable('Journal'), { where: { ...isEntry, accountId }, orderBy: 'seq' }),
      entry: async (eventId) => store.get<JournalEntry>(await readable('Journal'), `entry:${eventId}`),
      async trialBalance({ currency, businessDay } = {}) {
        const days = await store.find<TrialBalanceDay>(await readable('Journal'), {
          where: { debitTotal: { $exists: true }, ...(currency ? { currency } : {}), ...(businessDay ? { businessDay } : {}) },
        });
        return days.map((day) => {
          const difference = trialBalanceDifference(day);
          return { ...day, difference: formatAmount(difference, day.currency), balanced: difference === 0n };
        });
      },
    },
    dashboard: {
      days: async ({ businessDay, currency } = {}) =>
        store.find<DashboardDay>(await readable('BranchDashboard'), {
          where: { businessDay: businessDay ?? { $exists: true }, ...(currency ? { currency } : {}) },
        }),
    },
    document: async (projection, key) => store.get(await readable(projection), key),
    documents: async (projection, query) => store.find(await readable(projection), query),
  };
}

export const requireSummary = async (readModels: ReadModels, accountId: string): Promise<AccountSummaryView> => {
  const summary = await readModels.accountSummaries.get(accountId);
  if (!summary) throw new DomainError('ACCOUNT_NOT_FOUND', `No account ${accountId}.`, 'accountId');
  return summary;
};
