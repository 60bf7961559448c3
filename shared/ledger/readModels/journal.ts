/**
 * The journal: every money movement as a balanced double entry between a customer account and a branch ledger
 * account (a till or the unassigned teller cash, clearing, suspense), cash between tills, the vault and the cash
 * centre, counted differences against cash over/short, and the trial balance per currency and business day that
 * sums to zero.
 */

import { minorOf, optionalText, text, type LedgerEvent } from './ledgerEvent.js';
import { cashDirectionOf } from '../cash.js';
import { postingDayOf } from '../postingDay.js';
import { CASH_LEDGER_ACCOUNTS, TILL_CATEGORY, VAULT_CATEGORY } from '../../tills/ids.js';

/**
 * Branch ledger accounts a customer account is booked against. Cash goes through the till of the teller who posted
 * it (`till:<id>`); teller cash is where cash posted without an open till is booked.
 */
export const BRANCH_ACCOUNTS = { tellerCash: 'branch:teller-cash', clearing: 'branch:clearing', suspense: 'branch:suspense' } as const;
export type BranchAccount = (typeof BRANCH_ACCOUNTS)[keyof typeof BRANCH_ACCOUNTS];

export const customerLedgerAccount = (accountId: string): string => `customer:${accountId}`;

export interface JournalLine {
  readonly account: string;
  /** Minor units as integer strings; one of the two is "0". */
  readonly debit: string;
  readonly credit: string;
}

export interface JournalEntry {
  readonly eventId: string;
  readonly seq: number;
  readonly occurredAt: string;
  readonly businessDay: string;
  readonly currency: string;
  readonly accountId: string;
  readonly description: string;
  readonly lines: readonly JournalLine[];
}

/**
 * Where the other side of a deposit is booked: cash goes through the teller's drawer, instruments that settle
 * between banks (check, wire, ACH, payroll, payment gateways, transfers) through clearing, and money whose source
 * nobody recorded (v1 deposits, manual postings) into suspense until someone classifies it.
 */
export function contraAccountOf(sourceType: string): BranchAccount {
  switch (sourceType) {
    case 'cash':
      return BRANCH_ACCOUNTS.tellerCash;
    case 'check':
    case 'wire':
    case 'ach':
    case 'bank_transfer':
    case 'payroll':
    case 'payflow':
      return BRANCH_ACCOUNTS.clearing;
    default:
      return BRANCH_ACCOUNTS.suspense;
  }
}

const WITHDRAWAL_DESCRIPTIONS: Readonly<Record<string, string>> = { cash: 'Cash withdrawal', transfer: 'Transfer debit', payment: 'Payment debit', reversal: 'Compensating debit' };

const line = (account: string, debit: bigint, credit: bigint): JournalLine => ({ account, debit: debit.toString(), credit: credit.toString() });

/**
 * Where a cash movement is booked: the till it went through, or the unassigned teller cash when none was open. A
 * correction of a till's movement made after the till was counted clears cash over/short: the count already booked
 * the difference the wrong movement left in the drawer.
 */
const cashAccountOf = (event: LedgerEvent): string => {
  const tillId = optionalText(event.data, 'tillId');
  if (tillId === undefined) return BRANCH_ACCOUNTS.tellerCash;
  return event.data.tillCounted === true ? CASH_LEDGER_ACCOUNTS.overShort : CASH_LEDGER_ACCOUNTS.till(tillId);
};

/** The branch account a deposit's source is booked against: its till for cash. */
const depositContraOf = (event: LedgerEvent, sourceType: string): string => (sourceType === 'cash' ? cashAccountOf(event) : contraAccountOf(sourceType));

/** A debit of `to` and a credit of `from` (or the other way for a negative amount), for cash moved or counted. */
const moved = (to: string, from: string, amount: bigint): JournalLine[] =>
  amount >= 0n ? [line(to, amount, 0n), line(from, 0n, amount)] : [line(from, -amount, 0n), line(to, 0n, -amount)];

/**
 * Cash among the branch's own accounts: a till buying from or selling to the vault, the vault's shipments with the
 * cash centre, and a count's difference against cash over/short (an overage credits it, a shortage debits it).
 */
function cashEntryOf(event: LedgerEvent, base: Omit<JournalEntry, 'currency' | 'accountId' | 'description' | 'lines'>): JournalEntry | undefined {
  const { data } = event;
  const currency = text(data, 'currency');
  const amount = minorOf(data);
  const till = CASH_LEDGER_ACCOUNTS.till(text(data, 'tillId'));
  const vault = CASH_LEDGER_ACCOUNTS.vault(text(data, 'vaultId'));
  const entry = (accountId: string, description: string, lines: JournalLine[]) => ({ ...base, currency, accountId, description, lines });
  const counted = (accountId: string, what: string) => {
    const difference = minorOf(data, 'difference');
    if (difference === 0n) return undefined;
    const reason = optionalText(data, 'reason');
    return entry(accountId, `${what} ${difference < 0n ? 'short' : 'over'}${reason ? `: ${reason}` : ''}`, moved(accountId, CASH_LEDGER_ACCOUNTS.overShort, difference));
  };
  switch (event.type) {
    case 'CashIssuedToTill':
      return amount === 0n ? undefined : entry(till, `Cash from the vault to ${text(data, 'teller')}'s till`, moved(till, vault, amount));
    case 'CashReturnedToVault':
      return amount === 0n ? undefined : entry(till, `Cash from ${text(data, 'teller')}'s till to the vault`, moved(vault, till, amount));
    case 'VaultCashReceived':
      return amount === 0n ? undefined : entry(vault, `Cash received from the cash centre (${text(data, 'reference')})`, moved(vault, CASH_LEDGER_ACCOUNTS.cashCentre, amount));
    case 'VaultCashShipped':
      return amount === 0n ? undefined : entry(vault, `Cash shipped to the cash centre (${text(data, 'reference')})`, moved(CASH_LEDGER_ACCOUNTS.cashCentre, vault, amount));
    case 'TillOpened':
      return counted(till, `Till of ${text(data, 'teller')} counted at opening:`);
    case 'TillClosed':
      return counted(till, 'Till counted at closing:');
    case 'VaultCounted':
      return counted(vault, 'Vault counted:');
    default:
      return undefined;
  }
}

/**
 * The entry an event books, or undefined when it moves no money. A customer's deposit is the bank's liability:
 * the branch account is debited and the customer credited; a withdrawal the reverse. `currencyOf` supplies the
 * account's currency for events that do not carry it (withdrawals, deposits recorded before v3).
 */
export function journalEntryOf(event: LedgerEvent, currencyOf: (accountId: string) => string | undefined, timeZone: string): JournalEntry | undefined {
  const accountId = text(event.data, 'accountId');
  // A posting after the day's close carries the next business day (shared/ledger/postingDay.ts).
  const base = { eventId: event.id, seq: event.seq, occurredAt: event.occurredAt, businessDay: postingDayOf(event, timeZone), accountId };
  const customer = customerLedgerAccount(accountId);
  switch (event.type) {
    case 'AccountOpened': {
      const amount = minorOf(event.data, 'openingDeposit');
      if (amount === 0n) return undefined;
      // An opening deposit is booked by its source like any deposit.
      const contra = depositContraOf(event, text(event.data, 'openingDepositSource'));
      return { ...base, currency: text(event.data, 'currency'), description: 'Opening deposit', lines: [line(contra, amount, 0n), line(customer, 0n, amount)] };
    }
    case 'DepositMade': {
      const amount = minorOf(event.data);
      const currency = optionalText(event.data, 'currency') ?? currencyOf(accountId);
      if (amount === 0n || !currency) return undefined;
      const sourceType = text(event.data, 'sourceType');
      return { ...base, currency, description: `Deposit (${sourceType})`, lines: [line(depositContraOf(event, sourceType), amount, 0n), line(customer, 0n, amount)] };
    }
    case 'WithdrawalMade': {
      const amount = minorOf(event.data);
      const currency = currencyOf(accountId);
      if (amount === 0n || !currency) return undefined;
      // Cash leaves the drawer; a transfer's debit or a payment leaves through clearing (the cash rule, shared/ledger/cash.ts).
      const cash = cashDirectionOf(event) === 'OUT';
      const contra = cash ? cashAccountOf(event) : BRANCH_ACCOUNTS.clearing;
      return { ...base, currency, description: WITHDRAWAL_DESCRIPTIONS[text(event.data, 'channel')] ?? 'Withdrawal', lines: [line(customer, amount, 0n), line(contra, 0n, amount)] };
    }
    // A reversal books the original's entry the other way, against the same branch account, so the original's
    // day stays as it was and the two entries together net to nothing.
    case 'DepositReversed': {
      const amount = minorOf(event.data);
      const currency = optionalText(event.data, 'currency') ?? currencyOf(accountId);
      if (amount === 0n || !currency) return undefined;
      const original = text(event.data, 'originalEventId');
      return { ...base, currency, description: `Reversal of deposit ${original}: ${text(event.data, 'reason')}`, lines: [line(customer, amount, 0n), line(depositContraOf(event, text(event.data, 'sourceType')), 0n, amount)] };
    }
    case 'WithdrawalReversed': {
      const amount = minorOf(event.data);
      const currency = optionalText(event.data, 'currency') ?? currencyOf(accountId);
      if (amount === 0n || !currency) return undefined;
      const contra = cashDirectionOf(event) === 'IN' ? cashAccountOf(event) : BRANCH_ACCOUNTS.clearing;
      return { ...base, currency, description: `Reversal of withdrawal ${text(event.data, 'originalEventId')}: ${text(event.data, 'reason')}`, lines: [line(contra, amount, 0n), line(customer, 0n, amount)] };
    }
    default:
      return cashEntryOf(event, base);
  }
}

/** The event types the journal books (the projection subscribes to exactly these). */
export const JOURNAL_EVENTS = [
  'AccountOpened',
  'DepositMade',
  'WithdrawalMade',
  'DepositReversed',
  'WithdrawalReversed',
  'CashIssuedToTill',
  'CashReturnedToVault',
  'VaultCashReceived',
  'VaultCashShipped',
  'TillOpened',
  'TillClosed',
  'VaultCounted',
];

/** The stream categories of those events: accounts, tills and vaults. */
export const JOURNAL_CATEGORIES = ['account', TILL_CATEGORY, VAULT_CATEGORY];

export const isBalanced = (entry: JournalEntry): boolean =>
  entry.lines.reduce((sum, l) => sum + BigInt(l.debit) - BigInt(l.credit), 0n) === 0n;

export interface TrialBalanceLine {
  readonly debit: string;
  readonly credit: string;
}

/** Debits and credits per ledger account for one currency on one business day. */
export interface TrialBalanceDay {
  readonly currency: string;
  readonly businessDay: string;
  readonly lines: Readonly<Record<string, TrialBalanceLine>>;
  readonly debitTotal: string;
  readonly creditTotal: string;
  readonly entries: number;
}

/** A new day's trial balance, to post a first entry into. */
const emptyDay = (entry: JournalEntry): TrialBalanceDay => ({ currency: entry.currency, businessDay: entry.businessDay, lines: {}, debitTotal: '0', creditTotal: '0', entries: 0 });

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Posts an entry into a day the caller holds alone (a batch's draft, see ProjectionView.revise), in place: copying
 * the day's line per account for every entry was most of what the Journal's fold allocated. Everything is worked out
 * before the day changes, so an entry that cannot be read leaves it as it was.
 */
export function postIntoTrialBalance(draft: TrialBalanceDay | undefined, entry: JournalEntry): TrialBalanceDay {
  const day = (draft ?? emptyDay(entry)) as Writable<TrialBalanceDay> & { lines: Record<string, TrialBalanceLine> };
  const posted = new Map<string, TrialBalanceLine>();
  let debitTotal = BigInt(day.debitTotal);
  let creditTotal = BigInt(day.creditTotal);
  for (const { account, debit, credit } of entry.lines) {
    const existing = posted.get(account) ?? day.lines[account] ?? { debit: '0', credit: '0' };
    posted.set(account, { debit: (BigInt(existing.debit) + BigInt(debit)).toString(), credit: (BigInt(existing.credit) + BigInt(credit)).toString() });
    debitTotal += BigInt(debit);
    creditTotal += BigInt(credit);
  }
  for (const [account, line] of posted) day.lines[account] = line;
  day.debitTotal = debitTotal.toString();
  day.creditTotal = creditTotal.toString();
  day.entries += 1;
  return day;
}

/** The day with the entry posted, as a new day: `current` is left as it was. */
export const postToTrialBalance = (current: TrialBalanceDay | undefined, entry: JournalEntry): TrialBalanceDay =>
  postIntoTrialBalance(current && { ...current, lines: { ...current.lines } }, entry);

/** Debits less credits: zero for every day of a sound journal. */
export const trialBalanceDifference = (day: TrialBalanceDay): bigint => BigInt(day.debitTotal) - BigInt(day.creditTotal);

/** Net balance (debit − credit) per ledger account across days, for one currency. */
export function netBalances(days: readonly TrialBalanceDay[]): Map<string, bigint> {
  const net = new Map<string, bigint>();
  for (const day of days) {
    for (const [account, l] of Object.entries(day.lines)) net.set(account, (net.get(account) ?? 0n) + BigInt(l.debit) - BigInt(l.credit));
  }
  return net;
}
