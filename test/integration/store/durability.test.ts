/**
 * On disk, a writer killed with SIGKILL mid-stream loses nothing it acknowledged and leaves only whole commits behind:
 * with each IndexedDB engine (indexeddbshim, and the SQLite engine whose group commit acknowledges after one COMMIT).
 */

import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureStderr, exitOf, spawnScript, stdoutLines } from '../../support/processes.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

interface Ack {
  readonly commandId: string;
  readonly events: { seq: number; streamId: string; version: number }[];
}

interface Inspection {
  readonly headBefore: number;
  /** Everything after headBefore once the two appends are done (other work, such as fact events, may add more). */
  readonly after: { seq: number; streamId: string; version: number }[];
  readonly events: { seq: number; streamId: string; version: number; type: string; commandId: string }[];
  readonly rawAppend: { seq: number; version: number }[];
  readonly deposit: { streamId: string; seq: number; version: number } | undefined;
  readonly balance: string | undefined;
}

/** How many acknowledged commands to wait for before the kill: enough for group commits of both kinds to be in flight. */
const ACKS_BEFORE_KILL = 60;

describe.each(['shim', 'sqlite'] as const)('a writer killed with SIGKILL mid-stream (IndexedDB engine: %s)', (engine) => {
  let dir: TempDir;
  const acks: Ack[] = [];
  let inspection: Inspection;
  let staleLockPid: number | undefined;

  beforeAll(async () => {
    dir = makeTempDir();
    // The children read FIDELIS_IDB from the environment they inherit.
    const inherited = process.env.FIDELIS_IDB;
    process.env.FIDELIS_IDB = engine;
    const writer = spawnScript('hostChild.ts', ['append-loop', dir.path]);
    const writerErrors = captureStderr(writer);
    for await (const line of stdoutLines(writer)) {
      if (!line.startsWith('ack ')) continue;
      acks.push(JSON.parse(line.slice(4)) as Ack);
      if (acks.length >= ACKS_BEFORE_KILL) {
        writer.kill('SIGKILL');
        break;
      }
    }
    const exit = await exitOf(writer);
    if (exit.signal !== 'SIGKILL') throw new Error(`The writer stopped on its own (${JSON.stringify(exit)}): ${writerErrors()}`);
    staleLockPid = existsSync(dir.join('fidelis.lock')) ? Number(readFileSync(dir.join('fidelis.lock'), 'utf8')) : undefined;

    // Reopen in another process: indexeddbshim caches connections per process, so only a new one reads the files afresh.
    const reader = spawnScript('hostChild.ts', ['inspect', dir.path]);
    const readerErrors = captureStderr(reader);
    for await (const line of stdoutLines(reader)) {
      if (line.startsWith('{')) inspection = JSON.parse(line) as Inspection;
    }
    const readerExit = await exitOf(reader);
    if (inherited === undefined) delete process.env.FIDELIS_IDB;
    else process.env.FIDELIS_IDB = inherited;
    if (readerExit.code !== 0 || !inspection) throw new Error(`The reader failed (${JSON.stringify(readerExit)}): ${readerErrors()}`);
  }, 240_000);

  afterAll(() => dir?.remove());

  it('ran on the engine under test', () => {
    expect(existsSync(dir.join(engine === 'sqlite' ? 'indexeddb.sqlite' : '__sysdb__.sqlite'))).toBe(true);
    expect(existsSync(dir.join(engine === 'sqlite' ? '__sysdb__.sqlite' : 'indexeddb.sqlite'))).toBe(false);
  });

  it('left its lock behind, and the next process took it over', () => {
    expect(staleLockPid).toBeGreaterThan(0);
    expect(existsSync(dir.join('fidelis.lock'))).toBe(false);
  });

  it('kept every acknowledged event, at the seq, stream and version it was acknowledged with', () => {
    const stored = new Map(inspection.events.map((e) => [e.seq, e]));
    const acked = acks.flatMap((ack) => ack.events.map((e) => ({ ...e, commandId: ack.commandId })));
    expect(acked.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);
    for (const event of acked) expect(stored.get(event.seq)).toMatchObject(event);
  });

  it('has seq 1..head without holes', () => {
    expect(inspection.events.map((e) => e.seq)).toEqual(Array.from({ length: inspection.headBefore }, (_, i) => i + 1));
  });

  it('holds only whole commits: every 3-event command has all three, contiguous', () => {
    const byCommand = new Map<string, Inspection['events']>();
    for (const event of inspection.events.filter((e) => e.streamId.startsWith('raw-'))) {
      byCommand.set(event.commandId, [...(byCommand.get(event.commandId) ?? []), event]);
    }
    expect(byCommand.size).toBeGreaterThan(0);
    for (const events of byCommand.values()) {
      expect(events).toHaveLength(3);
      expect(events.map((e) => e.seq - events[0]!.seq)).toEqual([0, 1, 2]);
      expect(events.map((e) => e.version - events[0]!.version)).toEqual([0, 1, 2]);
      expect(events[0]!.version % 3).toBe(0);
    }
  });

  it('has every stream at versions 0..n-1', () => {
    const streams = new Map<string, number[]>();
    for (const e of inspection.events) streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), e.version]);
    expect(streams.size).toBeGreaterThanOrEqual(2);
    for (const versions of streams.values()) expect(versions).toEqual(versions.map((_, i) => i));
  });

  it('resumes appending at the next seq and the next version', () => {
    expect(inspection.after.map((e) => e.seq)).toEqual(inspection.after.map((_, i) => inspection.headBefore + 1 + i));
    const [raw] = inspection.rawAppend;
    expect(raw).toEqual({ seq: expect.any(Number), version: 0 });
    expect(inspection.after).toContainEqual({ seq: raw!.seq, streamId: 'resumed', version: 0 });
    const deposit = inspection.deposit!;
    const versionsBefore = inspection.events.filter((e) => e.streamId === deposit.streamId).length;
    expect(deposit.version).toBe(versionsBefore);
    expect(inspection.after).toContainEqual({ seq: deposit.seq, streamId: deposit.streamId, version: versionsBefore });
    // The account folds to what its stream holds: an opening of 0, then a 1.00 deposit per later event.
    expect(inspection.balance).toBe(`${versionsBefore}.00`);
  });
});
