/**
 * Operations' data-safety panel: the ledger's health (its files' check at open, the background verification of the
 * hash chain with its progress, damaged streams and what to do) and its backups (the last one, the next one due, and
 * a button to make one now).
 */

import { useEffect } from 'react';
import type { SafetyStatus } from '@fidelis/shared/safety/api.js';
import { useApi, useLive, useQuery } from '../api/ApiProvider.js';
import { ErrorNotice, Loading } from '../components/States.js';
import { useCommand } from '../components/useCommand.js';
import { displayTime } from '../format.js';

/** While a pass or a backup runs, the panel reads its progress this often. */
const POLL_MS = 2_000;

export function DataSafetyPanel() {
  const status = useQuery('safety.status', {});
  useLive('store', {}, status.reload);
  const busy = status.data ? status.data.integrity.verifying || status.data.backups.running : false;
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(status.reload, POLL_MS);
    return () => clearInterval(timer);
  }, [busy, status.reload]);

  return (
    <section className="card" aria-labelledby="safety-title">
      <h2 id="safety-title">Data safety</h2>
      {status.status === 'error' ? <ErrorNotice error={status.error} onRetry={status.reload} /> : null}
      {!status.data ? (
        <Loading what="the ledger's health" />
      ) : (
        <>
          <LedgerHealth status={status.data} />
          <Backups status={status.data} onDone={status.reload} />
        </>
      )}
    </section>
  );
}

function LedgerHealth({ status }: { readonly status: SafetyStatus }) {
  const { integrity, files, whatToDo } = status;
  const damagedFiles = files.filter((file) => !file.ok);
  return (
    <div>
      <h3>Ledger health</h3>
      {whatToDo ? (
        <div role="alert" className="state state--error">
          <p>
            <strong>The ledger is damaged.</strong> {whatToDo}
          </p>
          <ul>
            {damagedFiles.map((file) => (
              <li key={file.file}>
                File {file.file}: {file.problems.join('; ')}
              </li>
            ))}
            {integrity.ledger ? <li>{integrity.ledger.message}</li> : null}
            {integrity.damaged.map((stream) => (
              <li key={stream.streamId}>
                <strong>{stream.streamId}</strong> is refused: {stream.message} <span className="muted">(found {displayTime(stream.foundAt)})</span>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p role="status">{files.length === 0 ? 'No damage found.' : `No damage found: the ledger's ${files.length === 1 ? 'file' : `${files.length} files`} passed SQLite's check at open.`}</p>
      )}
      <p>
        {integrity.verifying ? (
          <>
            Verifying the hash chain in the background:{' '}
            <progress max={Math.max(1, integrity.headSeq)} value={integrity.position} aria-label="Hash-chain verification" /> seq {integrity.position} of {integrity.headSeq}
          </>
        ) : integrity.lastPass ? (
          <>
            Hash chain last verified whole {displayTime(integrity.lastPass.finishedAt)}, up to seq {integrity.lastPass.headSeq}
            {integrity.headSeq > integrity.lastPass.headSeq ? ` (the ledger is at seq ${integrity.headSeq} now: the next pass covers the rest, and each stream is verified before its first command)` : ''}.
          </>
        ) : (
          'The hash chain has not been verified whole yet.'
        )}
      </p>
    </div>
  );
}

function Backups({ status, onDone }: { readonly status: SafetyStatus; readonly onDone: () => void }) {
  const api = useApi();
  const backup = useCommand<never>({});
  const { backups } = status;
  return (
    <div>
      <h3>Backups</h3>
      {backups.last ? (
        <p>
          Last backup {displayTime(backups.last.at)} by {backups.last.by}, up to seq {backups.last.headSeq}
          {backups.last.intact ? '' : ' (of a damaged ledger: keep the older ones)'}: <code>{backups.last.file}</code>
        </p>
      ) : (
        <p>No backup has been made from this workstation yet.</p>
      )}
      {backups.lastFailure ? (
        <p className="state state--error">
          The backup of {displayTime(backups.lastFailure.at)} failed: {backups.lastFailure.message}
        </p>
      ) : null}
      {backups.folder ? (
        <p>
          Backups go to <code>{backups.folder}</code> every {backups.everyHours} h, the newest {backups.keep} kept
          {backups.nextAt ? `; the next is due ${displayTime(backups.nextAt)}` : ''}.
        </p>
      ) : (
        <p>No backup folder is set: set backupFolder in the settings (best on another disk), or run fidelis backup --out FILE.</p>
      )}
      <button type="button" disabled={!backups.folder || backups.running || backup.busy} onClick={async () => (await backup.run(() => api.call('safety.backup', {}))) && onDone()}>
        {backups.running || backup.busy ? 'Backing up…' : 'Back up now'}
      </button>
      {backup.formError ? <ErrorNotice error={{ code: 'REFUSED', message: backup.formError }} /> : null}
    </div>
  );
}
