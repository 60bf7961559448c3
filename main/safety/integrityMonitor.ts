/**
 * The ledger's hash chain verified in the background while the workstation runs: a pass pages through every commit
 * from where the last one stopped (integrity.json), yielding between pages, so a large ledger is covered across short
 * sessions too. A stream whose chain breaks is refused (LEDGER_DAMAGED) until the damage is gone; nothing is deleted
 * or repaired here.
 */

import { DomainError } from '@fidelis/shared/errors.js';
import { BoundedCache } from '../store/boundedCache.js';
import { createChainScrub, verifyStream, type ScrubSource } from '../integrity/chainScrub.js';
import type { BrokenLink } from '../integrity/ledgerVerify.js';
import type { StreamGuard } from '../ledger/loadAggregate.js';
import type { Logger } from '../log.js';
import type { DamagedStream, IntegrityRecord, IntegrityStorage } from './integrityRecord.js';
import { SHORT_WHAT_TO_DO, WHAT_TO_DO } from './sqliteFileCheck.js';

export interface IntegrityStatus {
  /** A pass is running now. */
  readonly verifying: boolean;
  /** How far the pass under way (or the last one) has come, of the head. */
  readonly position: number;
  readonly headSeq: number;
  readonly passStartedAt: string | null;
  readonly lastPass: IntegrityRecord['lastPass'];
  readonly damaged: readonly DamagedStream[];
  readonly ledger: IntegrityRecord['ledger'];
}

export interface IntegrityMonitor {
  /** Starts verifying in the background: streams found damaged before first, then the pass, resumed or new. */
  start(): void;
  status(): IntegrityStatus;
  /**
   * Throws LEDGER_DAMAGED for a damaged stream (every stream while the ledger itself is). A stream this process has not
   * verified yet is verified first, whole: nothing is decided or shown on a history the background pass has not reached.
   */
  readonly guard: StreamGuard;
  /** Refuses every command from now on (damage found outside the hash chain: a SQLite file's page). */
  refuseLedger(message: string): void;
  /** Resolves when the background work started so far has finished (tests, doctor). */
  idle(): Promise<void>;
  /** Runs a whole pass from the first commit now, with progress (doctor, `fidelis verify` style). */
  verifyAll(progress?: (done: number, total: number) => void): Promise<IntegrityStatus>;
  close(): Promise<void>;
}

export interface IntegrityMonitorDeps {
  readonly source: ScrubSource;
  readonly headSeq: () => number;
  readonly storage: IntegrityStorage;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Commits per page: a page is verified between two turns of the event loop. */
  readonly pageSize?: number;
  /** A new pass starts this long after the last one finished, while the process runs; 0 = only at start. */
  readonly passEveryMs?: number;
}

const PAGE = 500;
/** Streams remembered as verified in this process; one forgotten is verified again when next used. */
const VERIFIED_STREAMS = 100_000;
/** The record is written at most this often during a pass (and whenever damage is found, and at its end). */
const SAVE_EVERY_MS = 1_000;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createIntegrityMonitor(deps: IntegrityMonitorDeps): IntegrityMonitor {
  const { source, storage, logger } = deps;
  const pageSize = deps.pageSize ?? PAGE;
  let record = storage.load();
  const damaged = new Map(record.damaged.map((d) => [d.streamId, d]));
  let running: Promise<void> = Promise.resolve();
  let verifying = false;
  let stopping = false;
  let nextPass: NodeJS.Timeout | undefined;
  let savedAt = 0;
  // Commits this process writes after a stream is verified chain onto a verified head: it stays verified.
  const verified = new BoundedCache<string, true>(VERIFIED_STREAMS);
  // A pass this process ran from the first commit to the end has judged every stream: those it found whole need no
  // check of their own at first use (at 1M events that check read ~13,000 commits per account's first command).
  let passedWhole = false;

  const save = (changes: Partial<IntegrityRecord>, force = false) => {
    record = { ...record, ...changes, damaged: [...damaged.values()] };
    const now = Date.now();
    if (!force && now - savedAt < SAVE_EVERY_MS) return;
    savedAt = now;
    storage.save(record);
  };

  const status = (): IntegrityStatus => ({
    verifying,
    position: record.pass?.position ?? record.lastPass?.headSeq ?? 0,
    headSeq: deps.headSeq(),
    passStartedAt: record.pass?.startedAt ?? null,
    lastPass: record.lastPass,
    damaged: [...damaged.values()],
    ledger: record.ledger,
  });

  const markLedger = (message: string) => {
    logger.error({ message }, 'ledger damaged');
    save({ ledger: { message, foundAt: deps.clock().toISOString() } }, true);
  };

  async function markStream(link: BrokenLink): Promise<void> {
    if (damaged.has(link.streamId)) return;
    // A page read while sync replaced a stream's provisional commits can look broken: the whole stream, read now, decides.
    const confirmed = await verifyStream(source, link.streamId);
    if (!confirmed) return;
    damaged.set(link.streamId, { streamId: confirmed.streamId, kind: confirmed.kind, version: confirmed.version, seq: confirmed.seq, message: confirmed.message, foundAt: deps.clock().toISOString() });
    logger.error({ streamId: confirmed.streamId, kind: confirmed.kind, version: confirmed.version }, `ledger stream damaged: ${confirmed.message}`);
    save({}, true);
  }

  /** Streams found damaged before: still refused if they still are, let go if what was wrong is gone (a file put back). */
  async function recheckDamaged(): Promise<void> {
    for (const streamId of [...damaged.keys()]) {
      if (stopping) return;
      if (!(await verifyStream(source, streamId))) {
        damaged.delete(streamId);
        logger.info({ streamId }, 'ledger stream verified again: no longer damaged');
      }
    }
    save({}, true);
  }

  /** Pages from `from` to the head; resolves early when closing (the position is kept). */
  async function pass(from: IntegrityRecord['pass'], progress?: (done: number, total: number) => void): Promise<void> {
    const scrub = createChainScrub(source);
    const startedAt = from?.startedAt ?? deps.clock().toISOString();
    let position = from?.position ?? 0;
    let commits = from?.commits ?? 0;
    let events = from?.events ?? 0;
    const under = () => ({ pass: { startedAt, position, commits, events } });
    save(under(), true);
    for (;;) {
      if (stopping) return save(under(), true);
      let page;
      try {
        page = await scrub.page(position, pageSize);
      } catch (error) {
        return markLedger(`The commits after seq ${position} cannot be read (${(error as Error).message}). ${WHAT_TO_DO}`);
      }
      if (!page) break;
      for (const link of page.breaks) await markStream(link);
      position = page.position;
      commits += page.commits;
      events += page.events;
      progress?.(position, Math.max(position, deps.headSeq()));
      save(under());
      await turn();
    }
    save({ pass: null, lastPass: { startedAt, finishedAt: deps.clock().toISOString(), headSeq: position, commits, events } }, true);
    if (!from) passedWhole = true;
    logger.info({ headSeq: position, commits, damaged: damaged.size }, 'ledger hash chain verified');
  }

  function truncation(): string | undefined {
    const head = deps.headSeq();
    const verifiedTo = Math.max(record.pass?.position ?? 0, record.lastPass?.headSeq ?? 0);
    if (head >= verifiedTo) return undefined;
    return `The ledger ends at seq ${head}, but it was verified up to seq ${verifiedTo}: commits at its end are missing. ${WHAT_TO_DO}`;
  }

  function schedule(work: () => Promise<void>): Promise<void> {
    running = running.then(async () => {
      if (stopping) return;
      verifying = true;
      try {
        await work();
      } catch (error) {
        logger.error({ err: error }, 'ledger verification failed');
      } finally {
        verifying = false;
      }
    });
    return running;
  }

  function scheduleNextPass(): void {
    if (!deps.passEveryMs || stopping) return;
    nextPass = setTimeout(() => void schedule(() => pass(null)).then(scheduleNextPass), deps.passEveryMs);
    nextPass.unref();
  }

  return {
    start() {
      // Damage of the ledger as a whole is found again each time (a read that failed once may not fail now).
      record = { ...record, ledger: null };
      const short = truncation();
      if (short) markLedger(short);
      void schedule(async () => {
        await recheckDamaged();
        // Resume the pass a previous session left unfinished; otherwise begin a new one from the first commit.
        await pass(record.pass);
      }).then(scheduleNextPass);
    },

    status,

    async guard(streamId) {
      if (record.ledger) throw new DomainError('LEDGER_DAMAGED', `The ledger is damaged and refuses commands. ${SHORT_WHAT_TO_DO}`, 'streamId');
      if (!passedWhole && !damaged.has(streamId) && !verified.has(streamId)) {
        const broken = await verifyStream(source, streamId);
        if (broken) await markStream(broken);
        else verified.set(streamId, true);
      }
      const found = damaged.get(streamId);
      if (found) {
        // One short line a teller can act on; the links and hashes are for doctor and the Operations screen.
        throw new DomainError('LEDGER_DAMAGED', `${streamId} failed its hash-chain check at version ${found.version} (${found.kind}) and is refused. ${SHORT_WHAT_TO_DO}`, 'streamId');
      }
    },

    refuseLedger: markLedger,

    idle: () => running,

    async verifyAll(progress) {
      await schedule(() => pass(null, progress));
      return status();
    },

    async close() {
      stopping = true;
      if (nextPass) clearTimeout(nextPass);
      await running;
    },
  };
}
