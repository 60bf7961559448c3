/**
 * One account at the counter: holder, number, balances and status; deposit, withdraw, transfer; closing once the
 * balance is zero; the audit timeline; a read-only point-in-time view.
 */

import { useState } from 'react';
import type { MethodResult } from '@fidelis/shared/api/contract.js';
import { useApi, useLive, useQuery } from '../api/ApiProvider.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { ErrorNotice, Loading } from '../components/States.js';
import { newCommandId, useCommand } from '../components/useCommand.js';
import { displayMoney, displayTime } from '../format.js';
import { hrefOf } from '../routing.js';
import { useCan } from '../session/session.js';
import { MovementForm } from './MovementForm.js';
import { PointInTimeControl, type PointInTime } from './PointInTimeControl.js';
import { Timeline } from './Timeline.js';
import { TransferForm } from './TransfersScreen.js';
import { FormError } from '../components/FormField.js';

/** A formatted balance that is exactly zero ("0.00", "0"). */
const zero = (balance: string): boolean => /^-?0+(\.0+)?$/.test(balance);

export function AccountScreen({ accountId }: { accountId: string }) {
  const api = useApi();
  const [pointInTime, setPointInTime] = useState<PointInTime>(null);
  const input = pointInTime === null ? { accountId } : 'version' in pointInTime ? { accountId, atVersion: pointInTime.version } : { accountId, asOf: pointInTime.asOf };
  const account = useQuery('account.get', input);
  useLive('stream', { streamId: `account-${accountId}` }, account.reload);
  const [closing, setClosing] = useState(false);
  const close = useCommand<'status'>({});
  // Posting is for tellers and supervisors; other roles see the account and its timeline only.
  const canPost = useCan('post');

  // The timeline does not wait for the header: both are asked for at once (a past time waits for its version), and it
  // stays mounted in the same place while the header loads, so it is fetched once.
  const timelineTo = pointInTime === null ? undefined : 'version' in pointInTime ? pointInTime.version : account.data?.pointInTime?.version;
  const timeline = pointInTime !== null && timelineTo === undefined ? null : <Timeline accountId={accountId} toVersion={timelineTo} />;
  const past = account.data?.pointInTime != null;
  return (
    <div className={`screen${past ? ' screen--past' : ''}`}>
      {accountDetails()}
      {timeline}
    </div>
  );

  function accountDetails() {
    if (account.status === 'error' && !account.data) {
      return (
        <section aria-labelledby="account-title">
          <h1 id="account-title">Account</h1>
          <ErrorNotice error={account.error} onRetry={account.reload} />
          <a href={hrefOf({ screen: 'accounts' })}>Back to accounts</a>
        </section>
      );
    }
    if (!account.data) {
      return (
        <section aria-labelledby="account-title">
          <h1 id="account-title">Account</h1>
          <Loading what="the account" />
        </section>
      );
    }
    return details(account.data);
  }

  function details({ account: view, headVersion, pointInTime: shown }: MethodResult<'account.get'>) {
  const readOnly = shown !== null;
  return (
    <section aria-labelledby="account-title">
      <p>
        <a href={hrefOf({ screen: 'accounts' })}>← Accounts</a>
      </p>
      <h1 id="account-title">
        {view.holder} <span className="muted">· {view.number}</span>
      </h1>
      {readOnly ? (
        <p className="banner banner--past" role="status">
          Read-only: the account as it was at version {shown.version}
          {shown.asOf ? ` (as of ${displayTime(shown.asOf)})` : ''} — the latest version is {headVersion}.
        </p>
      ) : null}
      {account.status === 'error' ? <ErrorNotice error={account.error} onRetry={account.reload} /> : null}
      <dl className="card facts" aria-label="Account details">
        <div>
          <dt>Ledger balance</dt>
          <dd data-testid="ledger-balance">{displayMoney(view.balance, view.currency)}</dd>
        </div>
        <div>
          <dt>Available balance</dt>
          <dd data-testid="available-balance">{displayMoney(view.availableBalance, view.currency)}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`badge badge--${view.status.toLowerCase()}`}>{view.status === 'ACTIVE' ? 'Active' : 'Closed'}</span>
          </dd>
        </div>
        <div>
          <dt>Currency</dt>
          <dd>{view.currency}</dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd data-testid="account-version">{view.version}</dd>
        </div>
      </dl>

      {readOnly ? (
        <p className="card muted">Deposits, withdrawals and closing are off while you look at a past version. Press “Back to now” to post.</p>
      ) : view.status === 'ACTIVE' && !canPost ? null : view.status === 'ACTIVE' ? (
        <div className="actions-grid">
          <MovementForm kind="deposit" accountId={accountId} currency={view.currency} />
          <MovementForm kind="withdrawal" accountId={accountId} currency={view.currency} />
        </div>
      ) : (
        <p className="card muted">This account is closed: it takes no more deposits or withdrawals.</p>
      )}

      {!readOnly && canPost && view.status === 'ACTIVE' ? <TransferForm from={{ accountId, number: view.number, currency: view.currency }} /> : null}
      {/* Closing is offered only once nothing is left in the account: a teller cannot press it by mistake mid-day. */}
      {!readOnly && canPost && view.status === 'ACTIVE' && zero(view.balance) ? (
        <div className="card">
          <h3>Close the account</h3>
          <p className="muted">The balance is zero: the account can be closed. It then takes no more deposits or withdrawals.</p>
          <FormError message={close.formError} />
          <button type="button" className="button--danger" onClick={() => setClosing(true)}>
            Close account…
          </button>
        </div>
      ) : null}
      <PointInTimeControl headVersion={headVersion} value={pointInTime} onChange={setPointInTime} />

      {closing ? (
        <ConfirmDialog
          title={`Close account ${view.number}?`}
          confirmLabel="Close account"
          danger
          busy={close.busy}
          onCancel={() => setClosing(false)}
          onConfirm={async () => {
            await close.run(() => api.call('account.close', { accountId, commandId: newCommandId() }));
            setClosing(false);
          }}
        >
          <p>
            {view.holder}'s account will take no more deposits or withdrawals. Its balance is {displayMoney(view.balance, view.currency)}.
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
  }
}
