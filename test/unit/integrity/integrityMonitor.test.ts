// The background verification of the hash chain over an in-memory commit source: it resumes where a pass stopped,
// names and refuses a damaged stream (also after a restart, until the damage is gone), and refuses everything while
// the ledger ends before the position it was verified to.

import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { CHAIN_START } from '@fidelis/shared/integrity/ledgerChain.js';
import { chainEvents } from '../../../main/integrity/chainHash.js';
import type { ScrubSource } from '../../../main/integrity/chainScrub.js';
import { silentLogger } from '../../../main/log.js';
import { createIntegrityMonitor } from '../../../main/safety/integrityMonitor.js';
import { memoryIntegrityStorage, type IntegrityStorage } from '../../../main/safety/integrityRecord.js';
import { commitId, type CommitDocument } from '../../../main/store/commitSchema.js';

const STREAMS = 4;
const PER_STREAM = 15;

/** Commits of STREAMS streams, interleaved in seq order, one event each, chained as the store chains them. */
function ledger(): CommitDocument[] {
  const heads = new Map<string, string>();
  const commits: CommitDocument[] = [];
  let seq = 0;
  for (let version = 0; version < PER_STREAM; version++) {
    for (let s = 0; s < STREAMS; s++) {
      const streamId = `account-s${s}`;
      seq++;
      const event = {
        id: `ev-${seq}`, type: 'Fidelis.DepositMade.v4', streamId, version, seq, gpos: null,
        occurredAt: '2026-11-26T10:00:00.000Z', recordedAt: '2026-11-26T10:00:00.000Z',
        data: { accountId: `s${s}`, amount: String(100 + seq) },
        meta: { commandId: `c-${seq}`, correlationId: `c-${seq}`, causationId: `c-${seq}`, actor: 'tom', deviceId: 'd1', branchId: 'BR001' },
      } as unknown as EventEnvelope;
      const hash = chainEvents(heads.get(streamId) ?? CHAIN_START, [event]);
      heads.set(streamId, hash);
      commits.push({ id: commitId(streamId, version), streamId, version, lastSeq: seq, commandId: `c-${seq}`, commandHash: 'h', events: [event], hash });
    }
  }
  return commits;
}

function sourceOf(commits: CommitDocument[], reads: number[] = []): ScrubSource {
  const live = () => commits;
  return {
    async commitsAfter(afterSeq, limit) {
      reads.push(afterSeq);
      return live().filter((c) => c.lastSeq > afterSeq).slice(0, limit);
    },
    async commitAtOrBefore(streamId, version) {
      return live().filter((c) => c.streamId === streamId && c.version <= version).at(-1);
    },
    async streamCommits(streamId, from, to) {
      return live().filter((c) => c.streamId === streamId && c.version >= from && c.version <= to);
    },
  };
}

const monitorOf = (commits: CommitDocument[], storage: IntegrityStorage, reads: number[] = []) =>
  createIntegrityMonitor({ source: sourceOf(commits, reads), headSeq: () => commits.at(-1)?.lastSeq ?? 0, storage, clock: () => new Date('2026-11-26T12:00:00.000Z'), logger: silentLogger(), pageSize: 10 });

/** The commit's amount changed behind the store's back: its stored hash no longer chains over it. */
function tamper(commits: CommitDocument[], streamId: string, version: number): CommitDocument {
  const index = commits.findIndex((c) => c.streamId === streamId && c.version === version);
  const original = commits[index]!;
  const event = original.events[0]!;
  commits[index] = { ...original, events: [{ ...event, data: { ...event.data, amount: '999999' } }] };
  return original;
}

describe('the background verification', () => {
  it('resumes a pass where the last process stopped, from the position it kept', async () => {
    const commits = ledger();
    const storage = memoryIntegrityStorage();
    const first = monitorOf(commits, storage);
    let closing: Promise<void> | undefined;
    await first.verifyAll((done) => {
      if (done >= 20) closing ??= first.close();
    });
    await closing;
    expect(storage.load().pass).toMatchObject({ position: 20, commits: 20 });
    expect(storage.load().lastPass).toBeNull();

    const reads: number[] = [];
    const second = monitorOf(commits, storage, reads);
    second.start();
    await second.idle();
    expect(reads[0]).toBe(20);
    expect(second.status()).toMatchObject({ verifying: false, damaged: [], lastPass: { headSeq: STREAMS * PER_STREAM, commits: STREAMS * PER_STREAM } });
    await second.close();
  });

  it('names a stream whose commit was altered, refuses it, and keeps refusing it after a restart until the commit is back', async () => {
    const commits = ledger();
    const original = tamper(commits, 'account-s2', 7);
    const storage = memoryIntegrityStorage();
    const monitor = monitorOf(commits, storage);
    monitor.start();
    await monitor.idle();
    expect(monitor.status().damaged).toEqual([expect.objectContaining({ streamId: 'account-s2', version: 7, kind: 'content-changed' })]);
    await expect(monitor.guard('account-s2')).rejects.toMatchObject({ code: 'LEDGER_DAMAGED', message: expect.stringContaining('account-s2 failed its hash-chain check at version 7') });
    await expect(monitor.guard('account-s1')).resolves.toBeUndefined();
    await monitor.close();

    const restarted = monitorOf(commits, storage);
    await expect(restarted.guard('account-s2')).rejects.toMatchObject({ code: 'LEDGER_DAMAGED' });
    commits[commits.findIndex((c) => c.id === original.id)] = original;
    restarted.start();
    await restarted.idle();
    expect(restarted.status().damaged).toEqual([]);
    await expect(restarted.guard('account-s2')).resolves.toBeUndefined();
    await restarted.close();
  });

  it('verifies a stream the pass has not reached before its first command, and refuses it when broken', async () => {
    const commits = ledger();
    tamper(commits, 'account-s3', 2);
    const monitor = monitorOf(commits, memoryIntegrityStorage());
    await expect(monitor.guard('account-s3')).rejects.toMatchObject({ code: 'LEDGER_DAMAGED' });
    expect(monitor.status().damaged.map((d) => d.streamId)).toEqual(['account-s3']);
    await monitor.close();
  });

  it('checks no stream of its own at first use once a pass this process began at the first commit has ended', async () => {
    const commits = ledger();
    const source = sourceOf(commits);
    const streamReads: string[] = [];
    const counted: ScrubSource = { ...source, streamCommits: (streamId, from, to) => (streamReads.push(streamId), source.streamCommits(streamId, from, to)) };
    const monitor = createIntegrityMonitor({ source: counted, headSeq: () => commits.at(-1)!.lastSeq, storage: memoryIntegrityStorage(), clock: () => new Date(), logger: silentLogger(), pageSize: 10 });
    await monitor.guard('account-s0');
    expect(streamReads).toEqual(['account-s0']);
    monitor.start();
    await monitor.idle();
    await monitor.guard('account-s1');
    expect(streamReads).toEqual(['account-s0']);
    await monitor.close();
  });

  it('refuses every stream while the ledger ends before the seq it was verified to (commits at its end missing)', async () => {
    const commits = ledger();
    const storage = memoryIntegrityStorage();
    const monitor = monitorOf(commits, storage);
    monitor.start();
    await monitor.idle();
    await monitor.close();

    commits.splice(-3);
    const restarted = monitorOf(commits, storage);
    restarted.start();
    await expect(restarted.guard('account-s0')).rejects.toMatchObject({ code: 'LEDGER_DAMAGED', message: expect.stringContaining('The ledger is damaged') });
    expect(restarted.status().ledger?.message).toContain(`The ledger ends at seq ${STREAMS * PER_STREAM - 3}, but it was verified up to seq ${STREAMS * PER_STREAM}`);
    await restarted.close();
  });
});
