/** Commit documents exactly as the first release wrote them: a JPY account with a v1 and a v2 deposit, for upcasting tests. */

import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { commitId, type CommitDocument } from '../../main/store/commitSchema.js';

export const LEGACY_STREAM = 'account-legacy1';

const meta = { actor: 'old-teller', deviceId: 'old-device', branchId: 'BR001' };

const envelope = (version: number, type: string, data: Record<string, unknown>): EventEnvelope => ({
  id: `01LEGACY0000000000000000${version}`,
  type,
  streamId: LEGACY_STREAM,
  version,
  seq: version + 1,
  gpos: null,
  occurredAt: `2024-01-0${version + 1}T09:00:00.000Z`,
  recordedAt: `2024-01-0${version + 1}T09:00:00.000Z`,
  data,
  meta: { ...meta, commandId: `c${version}`, correlationId: `c${version}`, causationId: `c${version}` },
});

/** A v1 opening, a v1 deposit (no currency, no source) and a v2 deposit (no currency), one commit each. */
export const legacyAccountCommits = (holder: string): CommitDocument[] =>
  [
    envelope(0, 'Fidelis.AccountOpened.v1', { accountId: 'legacy1', number: 'OLD-1', holder, currency: 'JPY', openingDeposit: '1000', overdraftLimit: '0' }),
    envelope(1, 'Fidelis.DepositMade.v1', { accountId: 'legacy1', amount: '500' }),
    envelope(2, 'Fidelis.DepositMade.v2', { accountId: 'legacy1', amount: '200', sourceType: 'cash' }),
  ].map((event) => ({
    id: commitId(LEGACY_STREAM, event.version),
    streamId: LEGACY_STREAM,
    version: event.version,
    lastSeq: event.seq,
    commandId: event.meta.commandId,
    commandHash: `legacy-${event.version}`,
    events: [event],
  }));
