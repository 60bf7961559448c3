/**
 * Issue 19, item 4: backups and restore. A workstation backs itself up while commands keep coming; the backup restores
 * (through the CLI) into a new dir whose ledger verifies clean with the manifest's head hash, holds every command
 * acknowledged before the backup's head, and takes commands again. A damaged or cut backup is refused and restores
 * nothing; the CLI backs up beside a running workstation; old scheduled backups are pruned.
 */

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../main/host.js';
import type { BackupResult } from '../../../main/safety/backup.js';
import type { LedgerVerification } from '../../../main/integrity/ledgerVerify.js';
import { captureStderr, CLI_STAFF_ENV, exitOf, runCli, spawnScript, stdoutLines } from '../../support/processes.js';
import { seedTestStaff, TEST_STAFF_SETTINGS } from '../../support/staffFixtures.js';
import { makeTempDir } from '../../support/tempDir.js';

const dir = makeTempDir('fidelis-backup-');
const live = dir.join('live');
const folder = dir.join('backups');
const ACCOUNTS = ['b1', 'b2', 'b3'];

let host: Host;
let backup: BackupResult;
/** Deposits acknowledged while the backup ran: account, amount in cents, the seq it was stored at. */
const acknowledged: { accountId: string; cents: number; seq: number }[] = [];

beforeAll(async () => {
  host = await createHost({ dataDir: live, settings: { ...TEST_STAFF_SETTINGS, backupFolder: folder, backupKeep: 2 } });
  await seedTestStaff(host);
  for (const accountId of ACCOUNTS) await host.execute({ type: 'OpenAccount', accountId, number: `B-${accountId}`, holder: `Holder ${accountId}`, openingDeposit: '0' });
  // A stream of commands on every account, from before the backup starts until after it ends.
  let running = true;
  const streams = ACCOUNTS.map(async (accountId) => {
    for (let cents = 101; running; cents++) {
      const outcome = await host.execute({ type: 'MakeDeposit', accountId, amount: (cents / 100).toFixed(2), sourceType: 'check' });
      acknowledged.push({ accountId, cents, seq: outcome.events[0]!.seq });
    }
  });
  while (acknowledged.length < 10) await new Promise((resolve) => setTimeout(resolve, 5));
  backup = await host.safety.backupNow('test');
  const during = acknowledged.length;
  while (acknowledged.length < during + 10) await new Promise((resolve) => setTimeout(resolve, 5));
  running = false;
  await Promise.all(streams);
}, 120_000);

afterAll(async () => {
  await host?.close();
  dir.remove();
});

describe('a backup of a workstation under a stream of commands', { timeout: 120_000 }, () => {
  it('holds a verified ledger up to a head between the commands, with its manifest', () => {
    const { ledger } = backup.manifest;
    expect(ledger.intact).toBe(true);
    expect(ledger.headSeq).toBeGreaterThan(0);
    expect(ledger.headSeq).toBeLessThan(host.store.headSeq());
    expect(ledger.ledgerHeadHash).toMatch(/^[0-9a-f]{64}$/);
    expect(backup.manifest).toMatchObject({ kind: 'fidelis-backup', dataFormat: 3, branchId: host.settings.branchId, deviceId: host.settings.deviceId });
    expect(backup.manifest.files.map((f) => f.name)).toEqual(expect.arrayContaining(['settings.json', 'format.json']));
    expect(readFileSync(backup.file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(host.safety.status().backups.last).toMatchObject({ file: backup.file, headSeq: ledger.headSeq, intact: true, by: 'test' });
  });

  it('restores into a new dir that verifies clean with the same head hash, holds every command acknowledged up to its head, and takes commands again', async () => {
    const restored = dir.join('restored');
    const restore = await runCli(['restore', backup.file, '--data-dir', restored, '--json']);
    expect(restore.code, restore.stderr).toBe(0);
    const { headSeq, ledgerHeadHash } = backup.manifest.ledger;
    expect((restore.json as { verification: LedgerVerification }).verification).toMatchObject({ ok: true, headSeq, ledgerHeadHash, breaks: 0 });

    // Opened, the restored workstation catches up its processing (fact events for what its handlers had not seen yet).
    const verify = await runCli(['verify', '--data-dir', restored, '--json'], CLI_STAFF_ENV);
    expect(verify.json).toMatchObject({ ok: true, breaks: 0 });
    expect((verify.json as LedgerVerification).headSeq).toBeGreaterThanOrEqual(headSeq);

    for (const accountId of ACCOUNTS) {
      const expected = acknowledged.filter((a) => a.accountId === accountId && a.seq <= backup.manifest.ledger.headSeq).reduce((sum, a) => sum + a.cents, 0);
      const shown = await runCli(['account', 'show', `B-${accountId}`, '--data-dir', restored, '--json'], CLI_STAFF_ENV);
      expect((shown.json as { balance: string }).balance, accountId).toBe((expected / 100).toFixed(2));
    }
    const deposit = await runCli(['account', 'deposit', 'B-b1', '--amount', '1.00', '--source-type', 'check', '--data-dir', restored], CLI_STAFF_ENV);
    expect(deposit.code, deposit.stderr).toBe(0);
  });

  it('is refused at restore when a byte inside it changed, or it was cut short, and restores nothing', async () => {
    const bytes = readFileSync(backup.file);
    const flipped = dir.join('flipped.fidelis-backup');
    const changed = Buffer.from(bytes);
    changed[Math.floor(changed.length / 2)]! ^= 0x01;
    writeFileSync(flipped, changed);
    const cut = dir.join('cut.fidelis-backup');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.7)));

    for (const file of [flipped, cut]) {
      const target = dir.join(`from-${file.endsWith('flipped.fidelis-backup') ? 'flipped' : 'cut'}`);
      const refused = await runCli(['restore', file, '--data-dir', target, '--json']);
      expect(refused.code, file).toBe(2);
      expect(refused.json).toMatchObject({ error: { code: 'BACKUP_INVALID', field: 'file', message: expect.stringContaining('Nothing was restored.') } });
      expect(existsSync(target)).toBe(false);
    }
  });

  it('is never restored over a data dir in use', async () => {
    const refused = await runCli(['restore', backup.file, '--data-dir', live, '--json']);
    expect(refused.json).toMatchObject({ error: { code: 'RESTORE_TARGET_NOT_EMPTY', field: 'dataDir' } });
  });

  it('keeps only the newest backups of this workstation in the folder (settings.backupKeep)', async () => {
    const second = await host.safety.backupNow('test');
    const third = await host.safety.backupNow('test');
    const kept = readdirSync(folder).filter((name) => name.endsWith('.fidelis-backup'));
    expect(kept.sort()).toEqual([second.file, third.file].map((file) => file.slice(folder.length + 1)).sort());
  });
});

describe('fidelis backup beside a running workstation', { timeout: 120_000 }, () => {
  const running = dir.join('running');
  let holder: ReturnType<typeof spawnScript>;
  let pid: number;

  beforeAll(async () => {
    // A ledger with content, then a workstation holding it.
    const seeded = await runCli(['account', 'open', '--number', 'R-1', '--holder', 'Rita Running', '--opening-deposit', '10.00', '--data-dir', running], CLI_STAFF_ENV);
    expect(seeded.code, seeded.stderr).toBe(0);
    holder = spawnScript('hostChild.ts', ['hold', running]);
    const errors = captureStderr(holder);
    for await (const line of stdoutLines(holder)) {
      if (line.startsWith('{')) {
        pid = (JSON.parse(line) as { pid: number }).pid;
        break;
      }
    }
    if (!pid) throw new Error(`The workstation never opened: ${errors()}`);
  }, 120_000);

  afterAll(async () => {
    holder?.stdin?.end();
    if (holder) await exitOf(holder);
  });

  it('copies it online, and the copy restores; doctor reports the workstation’s own findings', async () => {
    const file = dir.join('online.fidelis-backup');
    const made = await runCli(['backup', '--out', file, '--data-dir', running]);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain('(taken beside the running workstation)');
    const restore = await runCli(['restore', file, '--data-dir', dir.join('online-restored'), '--json']);
    expect(restore.json).toMatchObject({ verification: { ok: true } });

    const doctor = await runCli(['doctor', '--data-dir', running, '--json']);
    expect(doctor.json).toMatchObject({ runningPid: pid, chain: { checkedBy: 'workstation' } });
  });
});
