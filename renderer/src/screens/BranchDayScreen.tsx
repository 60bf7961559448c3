/**
 * The branch's business day (supervisors): which tills are open, each till's and vault's difference, what keeps the
 * day from closing, and the close itself. After it, postings belong to the next business day and the closed day's
 * reports are final.
 */

import { useState } from 'react';
import { useApi, useLive, useQuery } from '../api/ApiProvider.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { FormError } from '../components/FormField.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { newCommandId, useCommand } from '../components/useCommand.js';
import { displayMoney, minorOf } from '../format.js';
import { TillTable } from './VaultScreen.js';

export function BranchDayScreen() {
  const api = useApi();
  const day = useQuery('branchDay.status', {});
  useLive('readModel', { name: 'TillBook' }, day.reload);
  const command = useCommand<never>({});
  const [confirming, setConfirming] = useState(false);
  const [closed, setClosed] = useState<string | undefined>();

  if (!day.data) return day.status === 'error' ? <ErrorNotice error={day.error} onRetry={day.reload} /> : <Loading what="the business day" />;
  const { businessDay, lastClosed, blockers, vaults, tills } = day.data;
  const open = tills.filter((t) => t.status === 'OPEN').length;

  const close = async () => {
    const accepted = await command.run(() => api.call('branchDay.close', { businessDay, commandId: newCommandId() }));
    setConfirming(false);
    if (!accepted) return;
    setClosed(`The business day ${businessDay} is closed: postings from now on belong to the next business day.`);
    day.reload();
  };

  return (
    <section className="screen" aria-labelledby="day-title">
      <h1 id="day-title">Business day {businessDay}</h1>
      <p className="muted">Last closed: {lastClosed ?? 'never'}</p>
      <div className="card">
        <h2>Ready to close?</h2>
        <p>
          {open} of {tills.length} till{tills.length === 1 ? '' : 's'} open ·{' '}
          {vaults.map((v) => `${v.currency} vault ${v.countedDay === businessDay && !v.movedSinceCount ? 'counted' : 'not counted'}`).join(' · ') || 'no vault holds cash'}
        </p>
        {blockers.length === 0 ? (
          <p className="notice" data-testid="day-ready">
            Every till is closed and every vault counted.
          </p>
        ) : (
          <ul className="day-blockers" aria-label="What keeps the day from closing">
            {blockers.map((blocker) => (
              <li key={blocker}>{blocker}</li>
            ))}
          </ul>
        )}
        <FormError message={command.formError} />
        <button type="button" className="button--primary" disabled={blockers.length > 0 || command.busy} onClick={() => setConfirming(true)}>
          Close business day {businessDay}
        </button>
        {closed ? (
          <p role="status" className="notice">
            {closed}
          </p>
        ) : null}
      </div>
      <TillTable tills={tills} />
      <div className="card">
        <h2>Vault counts</h2>
        {vaults.length === 0 ? (
          <Empty>The vault holds no cash: nothing to count before the close.</Empty>
        ) : (
          <ul>
            {vaults.map((v) => (
              <li key={v.vaultId}>
                {v.currency}: {displayMoney(v.position, v.currency)}
                {v.lastDifference === null ? '' : minorOf(v.lastDifference, v.currency) === 0n ? ', last count exact' : `, last count ${displayMoney(v.lastDifference, v.currency, { signed: true })}`}
              </li>
            ))}
          </ul>
        )}
      </div>
      {confirming ? (
        <ConfirmDialog title={`Close business day ${businessDay}?`} confirmLabel="Close the day" onConfirm={() => void close()} onCancel={() => setConfirming(false)} busy={command.busy}>
          <p>Its reports become final; every posting from now on belongs to the next business day.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
