/**
 * Issue 19, item 2: damage recognised, never met as a stack trace nor shown as a balance. A ledger written by a host in
 * a child process is damaged behind its back in a copy — a broken header, a truncated file, bytes flipped across its
 * pages — and every command through the CLI is refused on one line with LEDGER_DAMAGED naming the file, `fidelis
 * doctor` names it and says what to do, and the file is left exactly as it was.
 */

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitOf, REPO_ROOT, runCli, spawnScript, captureStderr } from '../../support/processes.js';
import { openCommitsTable } from '../../support/ledgerFileTamper.js';
import { STAFF_PASSWORD } from '../../support/staffFixtures.js';
import { makeTempDir } from '../../support/tempDir.js';

const dir = makeTempDir('fidelis-damage-');
const written = dir.join('written');
const ADMIN = { FIDELIS_USER: 'admin', FIDELIS_PASSWORD: STAFF_PASSWORD };

beforeAll(async () => {
  const child = spawnScript('ledgerChainChild.ts', ['write', written]);
  const stderr = captureStderr(child);
  const { code } = await exitOf(child);
  if (code !== 0) throw new Error(`ledgerChainChild write exited ${code}: ${stderr()}`);
}, 120_000);

afterAll(() => dir.remove());

/** A copy of the written ledger and the SQLite file holding its commits. */
function copyWithCommitsFile(name: string): { dataDir: string; file: string } {
  const dataDir = dir.join(name);
  cpSync(written, dataDir, { recursive: true });
  const { db, file } = openCommitsTable(dataDir);
  db.close();
  return { dataDir, file };
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

const PAGE = 4096;

const damages: readonly [string, (file: string) => void][] = [
  ['a damaged header', (file) => writeFileSync(file, Buffer.concat([Buffer.from('not a database!!'), readFileSync(file).subarray(16)]))],
  ['a truncated file', (file) => truncateSync(file, Math.floor(statSync(file).size * 0.4))],
  [
    'bytes flipped across its pages',
    (file) => {
      const bytes = readFileSync(file);
      // Every page's b-tree header, past the first page's file header: the pages SQLite reads to find anything.
      for (let page = 1; page * PAGE < bytes.length; page += 1) for (let i = 0; i < 8; i++) bytes[page * PAGE + i]! ^= 0xa5;
      writeFileSync(file, bytes);
    },
  ],
];

describe('a ledger file damaged behind the ledger’s back', { timeout: 120_000 }, () => {
  it.each(damages)('%s: commands are refused on one line with LEDGER_DAMAGED naming the file, doctor names it, nothing is changed', async (name, damage) => {
    const { dataDir, file } = copyWithCommitsFile(name.replace(/\W+/g, '-'));
    damage(file);
    const before = sha256(file);

    const shown = await runCli(['account', 'show', 'T-t1', '--data-dir', dataDir], ADMIN);
    expect(shown.code, shown.stderr).toBe(2);
    expect(shown.stderr).toMatch(/^The ledger file \S+ is damaged \(SQLITE_\w+: .*\); nothing was changed\. Restore a backup, or pull the ledger again from the gateway; .*\n$/);
    expect(shown.stdout).toBe('');

    const json = await runCli(['account', 'show', 'T-t1', '--data-dir', dataDir, '--json'], ADMIN);
    expect(json.json).toMatchObject({ error: { code: 'LEDGER_DAMAGED', field: 'dataDir' } });

    const doctor = await runCli(['doctor', '--data-dir', dataDir]);
    expect(doctor.code).toBe(2);
    expect(doctor.stdout).toContain(`The file ${file} is damaged`);
    expect(doctor.stdout).toContain('Restore the last backup (fidelis restore FILE --data-dir NEW_DIR), or pull the ledger again from the gateway');
    expect(doctor.stdout).toContain('Hash chain: not checked');

    expect(sha256(file)).toBe(before);
  });

  it('browser mode refuses a damaged ledger on one line too, and exits 2 without a stack', async () => {
    const { dataDir, file } = copyWithCommitsFile('serve');
    damages[0]![1](file);
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, ['out/node/serve.js', '--data-dir', dataDir, '--port', '0'], { cwd: REPO_ROOT }, (_error, out, err) =>
        resolve({ code: child.exitCode, stdout: out, stderr: err }),
      );
    });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^LEDGER_DAMAGED: The ledger file \S+ is damaged \(SQLITE_NOTADB: file is not a database\); nothing was changed\. [^\n]*\n$/);
  });

  it('an intact copy is healthy for doctor, which verifies every stream itself', async () => {
    const { dataDir } = copyWithCommitsFile('intact');
    const doctor = await runCli(['doctor', '--data-dir', dataDir, '--json']);
    expect(doctor.code).toBe(0);
    expect(doctor.json).toMatchObject({ ledger: true, runningPid: null, healthy: true, chain: { checkedBy: 'now', damaged: [], ledgerProblem: null }, unreadable: [] });
  });
});
