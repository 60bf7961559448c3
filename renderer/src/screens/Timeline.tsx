/** The audit timeline of one account, newest first: every event with time, type, amount, running balance, actor, workstation, correlation. */

import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { TimelineRow } from '../../../shared/api/schemas.js';
import { useApi, useLive } from '../api/ApiProvider.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { usePagedRows } from '../components/usePagedRows.js';
import { displayEventType, displayMoney, displayTime } from '../format.js';

const ROW_HEIGHT = 40;

/** Loads on its own, beside the account's header, so opening an account costs one round trip to the first rows. */
export function Timeline({ accountId, toVersion }: { accountId: string; toVersion: number | undefined }) {
  const api = useApi();
  const [currency, setCurrency] = useState('');
  const rows = usePagedRows<TimelineRow>(`timeline|${accountId}|${toVersion ?? 'now'}`, async (offset, limit) => {
    const page = await api.call('account.timeline', { accountId, offset, limit, ...(toVersion === undefined ? {} : { toVersion }) });
    setCurrency(page.currency);
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

  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">
        Audit timeline{' '}
        <span className="list-count" role="status" aria-live="polite">
          {rows.total === undefined ? '' : `(${rows.total.toLocaleString('en-US')} event${rows.total === 1 ? '' : 's'})`}
        </span>
      </h2>
      {rows.error ? <ErrorNotice error={rows.error} onRetry={rows.refresh} /> : null}
      {rows.total === undefined && !rows.error ? <Loading what="the timeline" /> : null}
      {rows.total === 0 ? <Empty>No events.</Empty> : null}
      <div className="table" role="table" aria-label="Audit timeline" aria-rowcount={(rows.total ?? 0) + 1}>
        <div role="rowgroup">
          <div role="row" className="table__row table__row--head timeline-grid" aria-rowindex={1}>
            <span role="columnheader">Version</span>
            <span role="columnheader">Time</span>
            <span role="columnheader">Event</span>
            <span role="columnheader" className="num">
              Amount
            </span>
            <span role="columnheader" className="num">
              Balance
            </span>
            <span role="columnheader">Actor</span>
            <span role="columnheader">Workstation</span>
            <span role="columnheader">Correlation</span>
          </div>
        </div>
        <div ref={scroller} className="table__scroller table__scroller--tall" role="rowgroup" tabIndex={0}>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = rows.rowAt(item.index);
              return (
                <div
                  key={item.key}
                  role="row"
                  aria-rowindex={item.index + 2}
                  className="table__row timeline-grid"
                  data-version={row?.version}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                >
                  {row && currency ? (
                    <>
                      <span role="cell">{row.version}</span>
                      <span role="cell">
                        <time dateTime={row.occurredAt}>{displayTime(row.occurredAt)}</time>
                      </span>
                      <span role="cell" title={row.detail}>
                        {displayEventType(row.type)}
                        {row.detail ? <span className="muted"> · {row.detail}</span> : null}
                      </span>
                      <span role="cell" className={`num ${row.amount?.startsWith('-') ? 'debit' : 'credit'}`}>
                        {row.amount === null ? '—' : displayMoney(row.amount, currency, { withCurrency: false, signed: true })}
                      </span>
                      <span role="cell" className="num">
                        {displayMoney(row.runningBalance, currency, { withCurrency: false })}
                      </span>
                      <span role="cell">{row.actor}</span>
                      <span role="cell" title={`${row.workstation} (branch ${row.branchId})`}>
                        {row.workstation.slice(0, 8)}
                      </span>
                      <span role="cell" title={row.correlationId}>
                        <code>{row.correlationId.slice(-10)}</code>
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
    </section>
  );
}
