// @vitest-environment jsdom
// The Operations screen's data-safety panel (jsdom): what is damaged and what to do, the verification's progress, the
// last backup, and a backup started from the screen.

import { cleanup, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { SafetyStatus } from '@fidelis/shared/safety/api.js';
import { DataSafetyPanel } from '../../../renderer/src/screens/DataSafetyPanel.js';
import { fakeMain, ok } from '../../support/fakeMain.js';

afterEach(cleanup);

const WHAT_TO_DO = 'Restore the last backup (fidelis restore FILE --data-dir NEW_DIR), or pull the ledger again from the gateway into a new data dir; nothing was changed or deleted.';

const healthy: SafetyStatus = {
  files: [{ file: '/data/indexeddb.sqlite', ok: true, problems: [] }],
  integrity: {
    verifying: false,
    position: 120,
    headSeq: 120,
    passStartedAt: null,
    lastPass: { startedAt: '2026-11-26T09:00:00.000Z', finishedAt: '2026-11-26T09:00:02.000Z', headSeq: 120, commits: 80, events: 120 },
    damaged: [],
    ledger: null,
  },
  backups: { folder: '/backups', everyHours: 24, keep: 7, running: false, nextAt: '2026-11-27T09:00:00.000Z', last: null, lastFailure: null },
  whatToDo: null,
};

describe('the data-safety panel', () => {
  it('says what is damaged and what to do', async () => {
    const damaged: SafetyStatus = {
      ...healthy,
      integrity: {
        ...healthy.integrity,
        damaged: [{ streamId: 'account-t2', kind: 'content-changed', version: 1, seq: 9, message: 'Stream account-t2 version 1 (commit account-t2|000000000001, seq 9): content changed.', foundAt: '2026-11-26T09:00:01.000Z' }],
      },
      whatToDo: WHAT_TO_DO,
    };
    fakeMain(() => ok(damaged)).wrap(<DataSafetyPanel />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The ledger is damaged.');
    expect(alert.textContent).toContain(WHAT_TO_DO);
    expect(within(alert).getByText('account-t2').closest('li')!.textContent).toContain('is refused: Stream account-t2 version 1');
  });

  it('shows the verification under way with its progress', async () => {
    fakeMain(() => ok({ ...healthy, integrity: { ...healthy.integrity, verifying: true, position: 40, lastPass: null } })).wrap(<DataSafetyPanel />);
    const progress = await screen.findByRole('progressbar', { name: 'Hash-chain verification' });
    expect(progress.getAttribute('value')).toBe('40');
    expect(progress.getAttribute('max')).toBe('120');
  });

  it('starts a backup and shows it as the last one', async () => {
    const user = userEvent.setup();
    const record = { file: '/backups/fidelis-B1-dev1-20261126T100000000Z.fidelis-backup', at: '2026-11-26T10:00:00.000Z', headSeq: 120, ledgerHeadHash: 'a'.repeat(64), intact: true, by: 'ada' };
    let made = false;
    const main = fakeMain((method) => {
      if (method === 'safety.backup') {
        made = true;
        return ok(record);
      }
      return ok({ ...healthy, backups: { ...healthy.backups, last: made ? record : null } });
    });
    main.wrap(<DataSafetyPanel />);
    expect(await screen.findByText('No backup has been made from this workstation yet.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Back up now' }));
    expect(await screen.findByText(record.file)).toBeTruthy();
    expect(main.calls.filter((c) => c.method === 'safety.backup')).toHaveLength(1);
  });

  it('cannot start a backup without a folder, and says how to set one', async () => {
    fakeMain(() => ok({ ...healthy, backups: { ...healthy.backups, folder: null, nextAt: null } })).wrap(<DataSafetyPanel />);
    expect(await screen.findByText(/No backup folder is set: set backupFolder in the settings/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Back up now' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
