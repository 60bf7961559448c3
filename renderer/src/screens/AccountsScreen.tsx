/** Accounts: search by number or holder over a virtualized list (paged from main), open an account, go to one. */

import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { AccountRow } from '@fidelis/shared/accounts/api.js';
import { useApi, useLive } from '../api/ApiProvider.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { usePagedRows } from '../components/usePagedRows.js';
import { displayMoney } from '../format.js';
import { hrefOf, navigate } from '../routing.js';
import { useCan } from '../session/session.js';
import { OpenAccountForm } from './OpenAccountForm.js';
import { TillPanel } from '../components/TillPanel.js';

const ROW_HEIGHT = 40;

export function AccountsScreen() {
  const api = useApi();
  const canPost = useCan('post');
  const [search, setSearch] = useState('');
  const rows = usePagedRows<AccountRow>(`accounts|${search}`, (offset, limit) => api.call('accounts.list', { search, offset, limit }));
  useLive('store', { category: 'account' }, rows.refresh);

  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.total ?? 0, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? 0;
  useEffect(() => rows.request(first, last), [rows.request, rows.total, first, last]);

  return (
    <section aria-labelledby="accounts-title" className="screen">
      <h1 id="accounts-title">Accounts</h1>
      {canPost ? <TillPanel /> : null}
      <div className="card">
        <div className="field field--wide">
          <label htmlFor="account-search">Search by account number or holder</label>
          <input
            id="account-search"
            type="search"
            autoComplete="off"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setSearch('');
              if (event.key === 'Enter') {
                const firstRow = rows.rowAt(0);
                if (firstRow && rows.total === 1) navigate({ screen: 'account', accountId: firstRow.accountId });
              }
            }}
            aria-controls="accounts-list"
          />
        </div>
        <p className="list-count" role="status" aria-live="polite">
          {rows.total === undefined ? '' : `${rows.total.toLocaleString('en-US')} account${rows.total === 1 ? '' : 's'}${search.trim() ? ` matching “${search.trim()}”` : ''}`}
        </p>
        {rows.error ? <ErrorNotice error={rows.error} onRetry={rows.refresh} /> : null}
        {rows.total === undefined && !rows.error ? <Loading what="accounts" /> : null}
        {rows.total === 0 ? <Empty>{search.trim() ? 'No account matches this search.' : canPost ? 'No accounts yet: open the first one below.' : 'No accounts yet.'}</Empty> : null}
        <div className="table" role="table" aria-label="Accounts" aria-rowcount={(rows.total ?? 0) + 1} id="accounts-list">
          <div role="rowgroup">
            <div role="row" className="table__row table__row--head accounts-grid" aria-rowindex={1}>
              <span role="columnheader">Number</span>
              <span role="columnheader">Holder</span>
              <span role="columnheader">Status</span>
              <span role="columnheader" className="num">
                Balance
              </span>
            </div>
          </div>
          {/* Not a tab stop of its own: Tab goes from the search straight to the first account's link. */}
          <div ref={scroller} className="table__scroller" role="rowgroup">
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const row = rows.rowAt(item.index);
                return (
                  <div
                    key={item.key}
                    role="row"
                    aria-rowindex={item.index + 2}
                    className="table__row accounts-grid"
                    style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                  >
                    {row ? (
                      <>
                        <span role="cell">
                          <a href={hrefOf({ screen: 'account', accountId: row.accountId })}>{row.number}</a>
                        </span>
                        <span role="cell">{row.holder}</span>
                        <span role="cell">{row.status === 'ACTIVE' ? 'Active' : 'Closed'}</span>
                        <span role="cell" className="num">
                          {displayMoney(row.balance, row.currency)}
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
      </div>
      {canPost ? <OpenAccountForm onOpened={(accountId) => navigate({ screen: 'account', accountId })} /> : null}
    </section>
  );
}
