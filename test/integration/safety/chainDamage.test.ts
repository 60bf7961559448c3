/**
 * Issue 19, item 2: damage inside valid SQLite — an amount changed in a stored commit, a commit deleted from a stream —
 * is found by the hash chain: by the background verification as soon as the ledger opens, and by the check each
 * stream gets before a command or the account view first uses it. The stream is refused with LEDGER_DAMAGED naming it
 * (its balance is never shown), the others work, the finding outlives the process, and nothing is deleted.
 */

import { cpSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../main/host.js';
import { fileIntegrityStorage } from '../../../main/safety/integrityRecord.js';
import { captureStderr, exitOf, runCli, spawnScript } from '../../support/processes.js';
import { openCommitsTable } from '../../support/ledgerFileTamper.js';
import { TEST_STAFF_SETTINGS } from '../../support/staffFixtures.js';
import { makeTempDir } from '../../support/tempDir.js';

const dir = makeTempDir('fidelis-chain-damage-');
const dataDir = dir.join('tampered');
let commitsBefore: number;

beforeAll(async () => {
  const written = dir.join('written');
  const child = spawnScript('ledgerChainChild.ts', ['write', written]);
  const stderr = captureStderr(child);
  const { code } = await exitOf(child);
  if (code !== 0) throw new Error(`ledgerChainChild write exited ${code}: ${stderr()}`);
  cpSync(written, dataDir, { recursive: true });

  const { db, table } = openCommitsTable(dataDir);
  // t2's first deposit (version 1) becomes 25,000.00 instead of 250.00; t3's second deposit (version 2) disappears.
  const row = db.prepare(`SELECT key, value FROM ${table} WHERE value LIKE '%"id":"account-t2|000000000001"%'`).get() as { key: Buffer; value: string };
  db.prepare(`UPDATE ${table} SET value = ? WHERE key = ?`).run(row.value.replace('"amount":"25000"', '"amount":"2500000"'), row.key);
  expect(db.prepare(`DELETE FROM ${table} WHERE value LIKE '%"id":"account-t3|000000000002"%'`).run().changes).toBe(1);
  commitsBefore = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  db.close();
}, 120_000);

afterAll(() => dir.remove());

describe('a ledger whose commits were altered inside valid SQLite', { timeout: 120_000 }, () => {
  let host: Host;
  afterAll(async () => host?.close());

  it('is found by the background verification when it opens: both streams named, with version and kind', async () => {
    host = await createHost({ dataDir, settings: TEST_STAFF_SETTINGS });
    await host.safety.integrity.idle();
    const status = host.safety.status();
    expect(status.integrity.damaged.map((d) => [d.streamId, d.version, d.kind])).toEqual([
      ['account-t2', 1, 'content-changed'],
      ['account-t3', 2, 'commit-removed'],
    ]);
    expect(status.integrity.lastPass).toMatchObject({ headSeq: host.store.headSeq() });
    expect(status.whatToDo).toContain('Restore the last backup');
  });

  it('refuses the damaged streams’ commands and views with LEDGER_DAMAGED naming them; the sound account works', async () => {
    await expect(host.execute({ type: 'MakeDeposit', accountId: 't2', amount: '1.00', sourceType: 'cash' })).rejects.toMatchObject({
      code: 'LEDGER_DAMAGED',
      message: expect.stringMatching(/^account-t2 failed its hash-chain check at version 1 \(content-changed\) and is refused\. Restore a backup/),
    });
    await expect(host.getAccount('t2')).rejects.toMatchObject({ code: 'LEDGER_DAMAGED' });
    await expect(host.execute({ type: 'MakeWithdrawal', accountId: 't3', amount: '1.00' })).rejects.toMatchObject({ code: 'LEDGER_DAMAGED', message: expect.stringContaining('account-t3') });
    await host.execute({ type: 'MakeDeposit', accountId: 't1', amount: '1.00', sourceType: 'cash' });
    expect((await host.getAccount('t1'))?.balance).toBe('406.00');
    await host.close();
  });

  it('keeps its findings for the next process, and doctor names each commit and what to do; nothing was deleted', async () => {
    expect(fileIntegrityStorage(dataDir).load().damaged.map((d) => d.streamId)).toEqual(['account-t2', 'account-t3']);
    const doctor = await runCli(['doctor', '--data-dir', dataDir, '--json']);
    expect(doctor.code).toBe(2);
    expect(doctor.json).toMatchObject({
      healthy: false,
      chain: {
        checkedBy: 'now',
        damaged: [
          { streamId: 'account-t2', version: 1, kind: 'content-changed' },
          { streamId: 'account-t3', version: 2, kind: 'commit-removed' },
        ],
      },
    });
    const text = await runCli(['doctor', '--data-dir', dataDir]);
    expect(text.stdout).toContain('Stream account-t2 is damaged and its commands are refused: Stream account-t2 version 1 (commit account-t2|000000000001');
    expect(text.stdout).toContain('Restore the last backup');

    const { db, table } = openCommitsTable(dataDir);
    // The deposit on t1 is the one commit added; the altered one is still there, as it was found.
    expect((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n).toBeGreaterThan(commitsBefore);
    expect(db.prepare(`SELECT count(*) AS n FROM ${table} WHERE value LIKE '%"amount":"2500000"%'`).get()).toEqual({ n: 1 });
    db.close();
  });
});
