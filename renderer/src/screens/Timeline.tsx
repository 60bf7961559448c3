/**
 * The audit timeline of one account, newest first: every event with time, type, amount, running balance, who did it
 * (and who approved it; the workstation in its title) and correlation; a reversal names the version it compensates;
 * each movement has its receipt.
 */

import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { TimelineRow } from '@fidelis/shared/accounts/api.js';
import { useApi, useLive } from '../api/ApiProvider.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { usePagedRows } from '../components/usePagedRows.js';
import { displayEventType, displayMoney, displayTime } from '../format.js';
import { sourceLabel } from '../labels.js';
import { hrefOf } from '../routing.js';
import { useCan } from '../session/session.js';
import { ReverseDialog } from './ReverseDialog.js';

const ROW_HEIGHT = 40;

/** Movements a supervisor may reverse from the timeline (main refuses transfer and payment legs with a reason). */
const REVERSIBLE = new Set(['DepositMade', 'WithdrawalMade']);
const REVERSALS = new Set(['DepositReversed', 'WithdrawalReversed']);
/** Events a receipt is printed for: the counter's movements (main reads the receipt back from the event). */
const WITH_RECEIPT = new Set(['AccountOpened', 'DepositMade', 'WithdrawalMade', 'DepositReversed', 'WithdrawalReversed']);

/** What the loaded rows say about reversals: each reversed version → the version of its reversal. */
interface Reversals {
  readonly key: string;
  readonly reversedAt: Map<number, number>;
}

/** The event's line in the teller's words: the source as a word, the reference, a reason; else main's own line. */
function lineOf(row: TimelineRow): string {
  const parts = [row.sourceType ? sourceLabel(row.sourceType) : '', row.reference ? `ref ${row.reference}` : '', row.reason ?? ''].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : row.detail;
}

/** Loads on its own, beside the account's header, so opening an account costs one round trip to the first rows. */
export function Timeline({ accountId, toVersion }: { accountId: string; toVersion: number | undefined }) {
  const api = useApi();
  const [currency, setCurrency] = useState('');
  // Reversing is for the present, by a person holding 'reverse'; a past view is read-only.
  const canReverse = useCan('reverse') && toVersion === undefined;
  const [reversing, setReversing] = useState<TimelineRow | undefined>();
  const [reversed, setReversed] = useState<string | undefined>();
  const grid = 'timeline-grid';
  const key = `timeline|${accountId}|${toVersion ?? 'now'}`;
  // Newest first: a reversal is on the same page as its original or an earlier one, so it is known when the original shows.
  const reversals = useRef<Reversals>({ key, reversedAt: new Map() });
  if (reversals.current.key !== key) reversals.current = { key, reversedAt: new Map() };
  const rows = usePagedRows<TimelineRow>(key, async (offset, limit) => {
    const page = await api.call('account.timeline', { accountId, offset, limit, ...(toVersion === undefined ? {} : { toVersion }) });
    setCurrency(page.currency);
    for (const item of page.items) if (item.originalVersion !== null) reversals.current.reversedAt.set(item.originalVersion, item.version);
    return page;
  });
  // A past view does not move; the present follows the stream.
  useLive('stream', toVersion === undefined ? { streamId: `account-${accountId}` } : null, rows.refresh);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.total ?? 0, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => rows.request(first, last), [rows.request, rows.total, first, last]);

  /** The event's name and line; a reversal says which version it compensates, a reversed movement by which version. */
  function eventCell(row: TimelineRow) {
    const reversedBy = reversals.current.reversedAt.get(row.version);
    const line = lineOf(row);
    return (
      <>
        {/* Badges first: the cell is cut short on narrow windows, and they are what a supervisor looks for. */}
        {row.originalVersion !== null ? <span className="badge badge--reversal">Reversal of v{row.originalVersion}</span> : null}
        {reversedBy !== undefined ? <span className="badge badge--reversed">Reversed by v{reversedBy}</span> : null}
        {displayEventType(row.type)}
        {line ? <span className="muted"> · {line}</span> : null}
      </>
    );
  }

  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">
        Audit timeline{' '}
        <span className="list-count" role="status" aria-live="polite">
          {rows.total === undefined ? '' : `(${rows.total.toLocaleString('en-US')} event${rows.total === 1 ? '' : 's'})`}
        </span>
      </h2>
      {reversed ? (
        <p className="form__status" role="status">
          {reversed}
        </p>
      ) : null}
      {rows.error ? <ErrorNotice error={rows.error} onRetry={rows.refresh} /> : null}
      {rows.total === undefined && !rows.error ? <Loading what="the timeline" /> : null}
      {rows.total === 0 ? <Empty>No events.</Empty> : null}
      <div className="table" role="table" aria-label="Audit timeline" aria-rowcount={(rows.total ?? 0) + 1}>
        <div role="rowgroup">
          <div role="row" className={`table__row table__row--head ${grid}`} aria-rowindex={1}>
            <span role="columnheader">Version</span>
            <span role="columnheader">Time</span>
            <span role="columnheader">Event</span>
            <span role="columnheader" className="num">
              Amount
            </span>
            <span role="columnheader" className="num">
              Balance
            </span>
            <span role="columnheader">By</span>
            <span role="columnheader">Correlation</span>
            <span role="columnheader">
              <span className="visually-hidden">Actions</span>
            </span>
          </div>
        </div>
        <div ref={scroller} className="table__scroller table__scroller--tall" role="rowgroup">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = rows.rowAt(item.index);
              return (
                <div
                  key={item.key}
                  role="row"
                  aria-rowindex={item.index + 2}
                  className={`table__row ${grid}${row && REVERSALS.has(row.type) ? ' table__row--reversal' : ''}`}
                  data-version={row?.version}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                >
                  {row && currency ? (
                    <>
                      <span role="cell">{row.version}</span>
                      <span role="cell">
                        <time dateTime={row.occurredAt}>{displayTime(row.occurredAt)}</time>
                      </span>
                      <span role="cell" title={lineOf(row)}>
                        {eventCell(row)}
                      </span>
                      <span role="cell" className={`num ${row.amount?.startsWith('-') ? 'debit' : 'credit'}`}>
                        {row.amount === null ? '—' : displayMoney(row.amount, currency, { signed: true })}
                      </span>
                      <span role="cell" className="num">
                        {displayMoney(row.runningBalance, currency)}
                      </span>
                      <span role="cell" title={`${row.actor}${row.approvedBy ? `, approved by ${row.approvedBy}` : ''}, at workstation ${row.workstation} (branch ${row.branchId})`}>
                        {row.actor}
                        {row.approvedBy ? <span className="muted"> · approved by {row.approvedBy}</span> : null}
                      </span>
                      <span role="cell" title={row.correlationId}>
                        <code>{row.correlationId.slice(-10)}</code>
                      </span>
                      <span role="cell" className="table__actions">
                        {WITH_RECEIPT.has(row.type) ? (
                          <a href={hrefOf({ screen: 'receipt', accountId, version: row.version })} aria-label={`Receipt of version ${row.version}`}>
                            Receipt
                          </a>
                        ) : null}
                        {canReverse && REVERSIBLE.has(row.type) && !reversals.current.reversedAt.has(row.version) ? (
                          <button type="button" className="button--small" onClick={() => (setReversed(undefined), setReversing(row))} aria-label={`Reverse version ${row.version}`}>
                            Reverse
                          </button>
                        ) : null}
                      </span>
                    </>
                  ) : (
                    <span role="cell" className="table__placeholder">
                      Loading…
                    </span>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {reversing ? (
        <ReverseDialog
          accountId={accountId}
          row={reversing}
          currency={currency}
          onCancel={() => setReversing(undefined)}
          onDone={(message) => {
            setReversing(undefined);
            setReversed(message);
            rows.refresh();
          }}
        />
      ) : null}
    </section>
  );
}
