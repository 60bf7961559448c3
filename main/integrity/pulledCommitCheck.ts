/**
 * A workstation checks each commit it pulls as the gateway checked it (shared/signing/commitCheck.ts) before applying
 * it: a gateway that stored a forgery (an old gateway, a copied or altered database) cannot make this workstation
 * apply it. The staff history is this ledger's, read once from the staff streams and moved forward by every staff
 * event stored here since and by each pulled commit as it is accepted.
 */

import type { Subscription } from 'rxjs';
import type { SyncReason } from '@fidelis/shared/sync/protocol.js';
import { checkCommitSigning } from '@fidelis/shared/signing/commitCheck.js';
import { signaturesOf } from '@fidelis/shared/signing/commitSignatures.js';
import { createStaffHistory, type StaffHistory } from '@fidelis/shared/signing/staffHistory.js';
import { STAFF_CATEGORY } from '@fidelis/shared/staff/events.js';
import { categoryOf, streamIdOf } from '@fidelis/shared/events/envelope.js';
import type { EventStore, RemoteCommit } from '../store/eventStore.js';
import { signingCrypto } from './signatureAudit.js';

export interface PulledCommitCheck {
  /** Undefined when the commit may be applied; else the code and reason it is refused with. */
  check(commit: RemoteCommit): Promise<SyncReason | undefined>;
  close(): void;
}

export interface PulledCommitCheckDeps {
  readonly store: Pick<EventStore, 'readStream' | 'appended$'>;
  /** Every person this ledger has a staff stream for. */
  usernames(): Promise<readonly string[]>;
}

export function createPulledCommitCheck(deps: PulledCommitCheckDeps): PulledCommitCheck {
  let history: Promise<StaffHistory> | undefined;
  const deviceKeys = new Map<string, string>();
  // Staff events stored here from now on (local, or pulled and applied) move the history; subscribed before the read.
  const pending: Parameters<StaffHistory['apply']>[0][] = [];
  const watch: Subscription = deps.store.appended$.subscribe((events) => {
    const staff = events.filter((e) => categoryOf(e.streamId) === STAFF_CATEGORY);
    if (staff.length > 0) pending.push(staff);
  });

  async function load(): Promise<StaffHistory> {
    const loaded = createStaffHistory();
    for (const username of await deps.usernames()) loaded.apply(await deps.store.readStream(streamIdOf(STAFF_CATEGORY, username)));
    pending.length = 0;
    return loaded;
  }

  return {
    async check(commit) {
      const current = await (history ??= load());
      for (const events of pending.splice(0)) current.apply(events);
      const verdict = checkCommitSigning(signingCrypto, commit, current, (workstationId, key) => (deviceKeys.get(workstationId) ?? key) === key);
      if (!verdict.ok) return { code: verdict.code, message: verdict.message };
      if (verdict.signedBy === 'device') {
        const signatures = signaturesOf(commit.events[0]!.meta);
        const device = Array.isArray(signatures) ? signatures.find((s) => s.kind === 'device') : undefined;
        if (device?.key && !deviceKeys.has(device.by)) deviceKeys.set(device.by, device.key);
      }
      // Later commits of the same pull are judged with this one's staff changes (applied again when stored: harmless).
      current.apply(commit.events);
      return undefined;
    },
    close() {
      watch.unsubscribe();
    },
  };
}
