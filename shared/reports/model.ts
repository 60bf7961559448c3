/** What every report is made of: its parameters, the events it is fed (with where each stands against the cut-off), and rows by section. */

import type { StructuringWindow } from '../compliance/structuring.js';
import type { EventEnvelope } from '../events/envelope.js';
import type { LedgerEvent } from '../ledger/readModels/ledgerEvent.js';
import type { RateBook } from '../rates/rateBook.js';
import { DIRECTORY_EVENT_TYPES } from './accountDirectory.js';

export const REPORT_KINDS = ['ctr', 'structuring', 'large', 'trial-balance', 'statement', 'audit', 'tills', 'over-short'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_FORMATS = ['csv', 'xlsx', 'pdf', 'json', 'fincen-xml'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Thresholds a report needs from the branch settings (major units as decimal strings). */
export interface ReportRules {
  /** USD: cash per customer and business day strictly over it makes a CTR line. */
  readonly ctrThreshold: string;
  /** In each account's currency: the large-transactions report lists movements at or over it. */
  readonly largeAmount: string;
  readonly structuringCount: number;
  readonly structuringNearPercent: number;
  readonly structuringWindows: readonly StructuringWindow[];
}

export interface ReportParams {
  readonly kind: ReportKind;
  /** Business days (calendar dates in the branch's time zone, YYYY-MM-DD), inclusive. */
  readonly from: string;
  readonly to: string;
  readonly accountId?: string | undefined;
  readonly branchId: string;
  /** The branch's IANA time zone: an event's business day is its date there. */
  readonly timeZone: string;
  readonly includeLate: boolean;
  readonly rules: ReportRules;
  /** Recorded exchange rates: foreign currency is converted at its business day's rate, never a guessed one. */
  readonly rates: RateBook;
}

/**
 * Where an event stands: recorded by the cut-off and before, inside or after the period; or recorded after the
 * cut-off with its business day inside the period ("late": arrived later, by sync).
 */
export type EventPosition = 'before' | 'period' | 'after' | 'late';

export interface ReportInput {
  readonly envelope: EventEnvelope;
  /** Undefined for a type this build cannot read (the audit trail still lists it). */
  readonly event: LedgerEvent | undefined;
  readonly position: EventPosition;
}

/** One row: its section ("ctr", "late", "total"…) and its cells, aligned with the report's columns. */
export interface ReportRow {
  readonly section: string;
  readonly cells: readonly string[];
  /**
   * The currency of each cell that holds an amount (aligned with `cells`, undefined elsewhere): a spreadsheet writes
   * those as numbers in the currency's format, a document aligns them right.
   */
  readonly currencies?: readonly (string | undefined)[];
}

export interface ReportSummary {
  /** Named figures (amounts as decimal strings, per currency where it matters). */
  readonly totals: Readonly<Record<string, string>>;
  /** Things a reader must not miss (an unbalanced day, a customer without details). Empty when all is well. */
  readonly warnings: readonly string[];
}

/** Events that tell the report who an account and its customers are, whenever they happened. */
export const DIRECTORY_EVENTS: ReadonlySet<string> = new Set(DIRECTORY_EVENT_TYPES);

/** What reports that only look at the period (and the late section) need: the period, and the directory from the rest. */
export const periodOnly = (type: string, position: EventPosition): boolean => position === 'period' || position === 'late' || DIRECTORY_EVENTS.has(type);

/** A report being built: fed events in seq order, it gives rows as soon as it can and the rest at the end. */
export interface ReportBuilder {
  readonly title: string;
  readonly columns: readonly string[];
  /**
   * Whether the report needs an event of this type (unversioned name) at this position at all: the feed skips
   * decoding the rest, which is most of a long history for a one-day report. Absent: every event.
   */
  wants?(type: string, position: EventPosition): boolean;
  accept(input: ReportInput): readonly ReportRow[];
  /**
   * Asked after the first pass: a report that kept only totals may want the period read again, from just after
   * `afterSeq`, to collect the few rows behind its lines (the CTR). Undefined: one pass is enough.
   */
  rescan?(): { readonly afterSeq: number } | undefined;
  finish(): readonly ReportRow[];
  summary(): ReportSummary;
}
