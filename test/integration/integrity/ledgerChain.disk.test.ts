/**
 * Tamper evidence on the real on-disk store: a ledger written by a host in a child process, then altered directly in
 * the store's SQLite file with better-sqlite3 (an amount edited inside a stored commit; a commit deleted from the
 * middle of a stream) is caught by `fidelis verify`, which names the first broken link and exits 2. A data dir written
 * by the first release (commit schema version 0, no hashes) is migrated, gets its hashes, and verifies clean.
 */

import { cpSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LedgerVerification } from '../../../main/integrity/ledgerVerify.js';
import { exitOf, runCli, spawnScript, captureStderr } from '../../support/processes.js';
import { openCommitsTable } from '../../support/ledgerFileTamper.js';
import { makeTempDir } from '../../support/tempDir.js';
import { STAFF_PASSWORD } from '../../support/staffFixtures.js';

const dir = makeTempDir('fidelis-chain-');
const written = dir.join('written');

async function child(mode: 'write' | 'legacy', dataDir: string): Promise<void> {
  const process = spawnScript('ledgerChainChild.ts', [mode, dataDir]);
  const stderr = captureStderr(process);
  const { code } = await exitOf(process);
  if (code !== 0) throw new Error(`ledgerChainChild ${mode} exited ${code}: ${stderr()}`);
}

/** A copy of the written ledger, so each test alters its own. */
function copyOfWritten(name: string): string {
  const target = dir.join(name);
  cpSync(written, target, { recursive: true });
  return target;
}

/** The administrator the child left (verify needs someone allowed to read). */
const ADMIN = { FIDELIS_USER: 'admin', FIDELIS_PASSWORD: STAFF_PASSWORD };

const verify = async (dataDir: string) => {
  const result = await runCli(['verify', '--data-dir', dataDir, '--json'], ADMIN);
  return { ...result, report: result.json as LedgerVerification };
};

beforeAll(async () => {
  await child('write', written);
}, 120_000);

afterAll(() => dir.remove());

describe('fidelis verify on a ledger on disk', () => {
  it('finds an intact ledger clean: every commit and stream checked, with the ledger head hash', async () => {
    const { code, report, stderr } = await verify(copyOfWritten('clean'));
    expect(code, stderr).toBe(0);
    expect(report).toMatchObject({ ok: true, breaks: 0, firstBreak: null });
    // Three accounts of four commands each, beside whatever the host records on its own streams.
    expect(report.commits).toBeGreaterThanOrEqual(12);
    expect(report.streams).toBeGreaterThanOrEqual(3);
    expect(report.ledgerHeadHash).toMatch(/^[0-9a-f]{64}$/);
    // The teller signed each of their twelve commands; the first administrator came before any key (by position).
    expect(report.signatures).toMatchObject({ refused: 0, firstRefusal: null, unsignedBeforeSigning: 1 });
    expect(report.signatures.signedByPerson).toBeGreaterThanOrEqual(13);
  }, 90_000);

  it('names the commit whose amount was edited in the SQLite file, and exits 2', async () => {
    const dataDir = copyOfWritten('edited');
    const { db, table } = openCommitsTable(dataDir);
    // The first deposit of t2 (version 1): 250.00 is stored in minor units.
    const row = db.prepare(`SELECT key, value FROM ${table} WHERE value LIKE '%"id":"account-t2|000000000001"%'`).get() as { key: string; value: string };
    expect(row.value).toContain('"amount":"25000"');
    db.prepare(`UPDATE ${table} SET value = ? WHERE key = ?`).run(row.value.replace('"amount":"25000"', '"amount":"2500000"'), row.key);
    db.close();

    const { code, report, stdout } = await verify(dataDir);
    expect(code, stdout).toBe(2);
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toMatchObject({ kind: 'content-changed', streamId: 'account-t2', version: 1, commitId: 'account-t2|000000000001' });
    expect(report.firstBreak!.seq).toBeGreaterThan(0);
    expect(report.firstBreak!.expected).not.toBe(report.firstBreak!.found);
    // The streams go on from the stored hash: one edit is one broken link.
    expect(report.breaks).toBe(1);
    expect(report.firstBreak!.message).toContain('Stream account-t2 version 1 (commit account-t2|000000000001');
  }, 90_000);

  it('names a commit deleted from the middle of a stream, and exits 2', async () => {
    const dataDir = copyOfWritten('deleted');
    const { db, table } = openCommitsTable(dataDir);
    const removed = db.prepare(`DELETE FROM ${table} WHERE value LIKE '%"id":"account-t3|000000000002"%'`).run();
    expect(removed.changes).toBe(1);
    db.close();

    // As a person reads it.
    const { code, stdout } = await runCli(['verify', '--data-dir', dataDir], ADMIN);
    expect(code).toBe(2);
    expect(stdout).toContain('Ledger BROKEN');
    expect(stdout).toContain('First broken link: Stream account-t3 version 2 (commit account-t3|000000000002');
    expect(stdout).toContain('commit removed (the stream skips versions); expected version 2, found version 3');
  }, 90_000);
});

describe('a data dir written by the first release (commit schema version 0, no hashes)', () => {
  it('is backed up, migrated to format 3 when opened, with every hash computed in stream order, and verifies clean', async () => {
    const dataDir = dir.join('legacy');
    await child('legacy', dataDir);

    const { code, report, stderr } = await verify(dataDir);
    expect(code, stderr).toBe(0);
    expect(report).toMatchObject({ ok: true, breaks: 0, firstBreak: null });
    // The three legacy commits, beside whatever the host records on its own streams when it opens.
    expect(report.commits).toBeGreaterThanOrEqual(3);
    const format = JSON.parse(readFileSync(join(dataDir, 'format.json'), 'utf8')) as { format: number; migrations: { from: number; to: number; backup: string }[] };
    expect(format.format).toBe(3);
    expect(format.migrations.map((m) => [m.from, m.to])).toEqual([[1, 2], [2, 3]]);
    // The ledger's files as they were before the format migration (on the SQLite engine once the shim's were moved over).
    expect(readdirSync(format.migrations[0]!.backup).some((name) => name === 'indexeddb.sqlite' || name.includes('--0--commits.sqlite'))).toBe(true);

    // RxDB copied the three commits to the version-1 collection, and the migration gave each its hash.
    const { db, table } = openCommitsTable(dataDir);
    const values = (db.prepare(`SELECT value FROM ${table} WHERE value LIKE '%"streamId":"account-legacy1"%'`).all() as { value: string }[]).map((r) => r.value);
    db.close();
    expect(values).toHaveLength(3);
    for (const value of values) expect(value).toMatch(/"hash":"[0-9a-f]{64}"/);
  }, 90_000);
});
