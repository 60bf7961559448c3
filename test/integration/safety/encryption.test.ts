/**
 * Issue 19, item 5: encryption at rest. A new data dir's SQLite file is encrypted with a key kept outside it (a 0600
 * key file beside the dir for the CLI, FIDELIS_DATA_KEY, or the OS keychain in the app): plain SQLite cannot read it
 * and no account number, holder or staff name shows in its bytes. A wrong or missing key is refused with its code in
 * one line, nothing changed; a plain dir is encrypted at open with a backup first and keeps every event; an encrypted
 * dir's backup is encrypted too and restores only with its key.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../main/host.js';
import type { LedgerVerification } from '../../../main/integrity/ledgerVerify.js';
import type { EventStore } from '../../../main/store/eventStore.js';
import { isPlainSqliteFile } from '../../../main/store/sqliteCipher.js';
import { runCli, runFidelisBin, type CliResult } from '../../support/processes.js';
import { seedTestStaff, TEST_STAFF, TEST_STAFF_SETTINGS } from '../../support/staffFixtures.js';
import { makeTempDir } from '../../support/tempDir.js';

const dir = makeTempDir('fidelis-encryption-');
const live = dir.join('live');
const NUMBER = 'ENC-4815162342';
const HOLDER = 'Grace Hopperfield';

let host: Host;
let stored: EventEnvelope[];

/** Every file of a data dir with its SHA-256: what "nothing changed" compares. */
function snapshotOf(dataDir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dataDir, { recursive: true, encoding: 'utf8' })
      .filter((name) => statSync(join(dataDir, name)).isFile() && !name.startsWith('logs'))
      .map((name) => [name, createHash('sha256').update(readFileSync(join(dataDir, name))).digest('hex')]),
  );
}

/** Python's sqlite3 module: SQLite as anyone has it, with no cipher. */
function readWithPlainSqlite(file: string): { ok: boolean; output: string } {
  const script = 'import sqlite3, sys\ncon = sqlite3.connect(sys.argv[1])\nprint(con.execute("select count(*) from sqlite_master").fetchone()[0])';
  const run = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

/** Refused with `code` (the --json error), told on one line of stderr, never a stack trace. */
const oneLineRefusal = (result: CliResult, code: string) => {
  expect(result.code).not.toBe(0);
  expect(result.json).toMatchObject({ error: { code } });
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
};

/** Every stored event with its place and hash: what "keeps every event" compares. */
async function eventsOf(store: EventStore): Promise<EventEnvelope[]> {
  const all: EventEnvelope[] = [];
  for (let after = 0; ; ) {
    const page = await store.readAll(after, 1000);
    if (page.length === 0) return all;
    all.push(...page);
    after = page[page.length - 1]!.seq;
  }
}

beforeAll(async () => {
  host = await createHost({ dataDir: live, settings: TEST_STAFF_SETTINGS });
  await seedTestStaff(host);
  await host.execute({ type: 'OpenAccount', accountId: 'enc-1', number: NUMBER, holder: HOLDER, openingDeposit: '250.00' });
  await host.execute({ type: 'MakeDeposit', accountId: 'enc-1', amount: '17.05', sourceType: 'check' });
  stored = await eventsOf(host.store);
  await host.close();
}, 120_000);

afterAll(() => dir.remove());

describe('a new data dir', { timeout: 120_000 }, () => {
  it('is encrypted: plain SQLite cannot read it, and its bytes show no account number, holder or staff name', () => {
    const file = join(live, 'indexeddb.sqlite');
    expect(isPlainSqliteFile(file)).toBe(false);
    const plain = readWithPlainSqlite(file);
    expect(plain.ok).toBe(false);
    expect(plain.output).toMatch(/not a database/);
    // The same build without the key is plain SQLite too.
    const keyless = new Database(file, { readonly: true });
    expect(() => keyless.prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(/not a database/);
    keyless.close();
    const text = execFileSync('strings', [file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    for (const secret of [NUMBER, HOLDER, TEST_STAFF.teller.displayName, TEST_STAFF.supervisor.displayName, 'DepositMade']) expect(text, secret).not.toContain(secret);
  });

  it('keeps its key outside the dir, in a key file only its owner can read, and records only the key id inside', () => {
    const keyFile = `${live}.key`;
    expect(readFileSync(keyFile, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(keyFile).mode & 0o077).toBe(0);
    const record = JSON.parse(readFileSync(join(live, 'data-key.json'), 'utf8')) as Record<string, string>;
    expect(record).toMatchObject({ cipher: 'aegis-256', keyId: expect.stringMatching(/^[0-9a-f]{16}$/), source: 'key-file', keyFile });
    expect(JSON.stringify(record)).not.toContain(readFileSync(keyFile, 'utf8').trim());
  });

  it('opens again with its key, every event there and its chain intact', async () => {
    const again = await createHost({ dataDir: live, settings: TEST_STAFF_SETTINGS });
    try {
      expect((await eventsOf(again.store)).slice(0, stored.length)).toEqual(stored);
      expect(await again.verify()).toMatchObject({ ok: true, breaks: 0 });
      expect((await again.getAccount('enc-1'))?.balance).toBe('267.05');
    } finally {
      await again.close();
    }
  });
});

describe('a wrong or missing key', { timeout: 120_000 }, () => {
  it('is refused with DATA_KEY_WRONG in one line, and nothing in the dir changes', async () => {
    const files = snapshotOf(live);
    oneLineRefusal(await runFidelisBin(['account', 'show', NUMBER, '--data-dir', live, '--json'], { FIDELIS_DATA_KEY: 'ab'.repeat(32) }), 'DATA_KEY_WRONG');
    oneLineRefusal(await runFidelisBin(['doctor', '--data-dir', live, '--json'], { FIDELIS_DATA_KEY: 'not the passphrase of this dir' }), 'DATA_KEY_WRONG');
    expect(snapshotOf(live)).toEqual(files);
  });

  it('is refused with DATA_KEY_MISSING in one line saying where the key was kept, and nothing in the dir changes', async () => {
    const keyFile = `${live}.key`;
    const away = dir.join('elsewhere.key');
    renameSync(keyFile, away);
    try {
      const files = snapshotOf(live);
      const missing = await runFidelisBin(['account', 'show', NUMBER, '--data-dir', live, '--json']);
      oneLineRefusal(missing, 'DATA_KEY_MISSING');
      expect(missing.stderr).toContain(keyFile);
      expect(snapshotOf(live)).toEqual(files);
      expect(existsSync(keyFile)).toBe(false);
      // Named where it now is, the key opens the dir.
      const named = await runCli(['verify', '--data-dir', live, '--json'], { FIDELIS_DATA_KEY_FILE: away });
      expect(named.json).toMatchObject({ ok: true, breaks: 0 });
    } finally {
      renameSync(away, keyFile);
    }
  });
});

describe('a plain data dir', { timeout: 120_000 }, () => {
  it('is encrypted at open, backed up first, with progress, and keeps every event with its chain', async () => {
    const old = dir.join('plain');
    process.env.FIDELIS_PLAIN_DATA_DIR = '1';
    let plainEvents: EventEnvelope[];
    try {
      const plainHost = await createHost({ dataDir: old, settings: TEST_STAFF_SETTINGS });
      await seedTestStaff(plainHost);
      await plainHost.execute({ type: 'OpenAccount', accountId: 'old-1', number: 'OLD-1001', holder: HOLDER, openingDeposit: '10.00' });
      for (let i = 1; i <= 20; i++) await plainHost.execute({ type: 'MakeDeposit', accountId: 'old-1', amount: `${i}.00`, sourceType: 'check' });
      expect(await plainHost.verify()).toMatchObject({ ok: true });
      plainEvents = await eventsOf(plainHost.store);
      await plainHost.close();
    } finally {
      delete process.env.FIDELIS_PLAIN_DATA_DIR;
    }
    const file = join(old, 'indexeddb.sqlite');
    expect(isPlainSqliteFile(file)).toBe(true);

    const steps: string[] = [];
    const reopened = await createHost({ dataDir: old, settings: TEST_STAFF_SETTINGS, progress: (_done, _total, label) => steps.push(label) });
    try {
      expect(steps).toContain('Encrypting the ledger');
      expect(isPlainSqliteFile(file)).toBe(false);
      expect(readWithPlainSqlite(file).ok).toBe(false);
      expect((await eventsOf(reopened.store)).slice(0, plainEvents.length)).toEqual(plainEvents);
      expect(await reopened.verify()).toMatchObject({ ok: true, breaks: 0 });
      expect((await reopened.getAccount('old-1'))?.balance).toBe('220.00');
    } finally {
      await reopened.close();
    }
    // The backup is the plain file as it was, readable by plain SQLite.
    const backups = readdirSync(join(old, 'backups')).filter((name) => name.startsWith('plain-'));
    expect(backups).toHaveLength(1);
    const kept = join(old, 'backups', backups[0]!, 'indexeddb.sqlite');
    expect(readWithPlainSqlite(kept)).toMatchObject({ ok: true });
  });
});

describe('a backup of an encrypted dir', { timeout: 120_000 }, () => {
  const archive = dir.join('live.fidelis-backup');
  let archived: { ledgerHeadHash: string; headSeq: number };

  it('is encrypted with the same key, says so in its manifest, and holds no readable account number', async () => {
    const made = await runCli(['backup', '--data-dir', live, '--out', archive, '--json']);
    expect(made.code, made.stderr).toBe(0);
    const record = JSON.parse(readFileSync(join(live, 'data-key.json'), 'utf8')) as { keyId: string };
    const inflated = gunzipSync(readFileSync(archive));
    const manifest = JSON.parse(inflated.toString('latin1').split('\n')[1]!) as { encryption?: { keyId: string; cipher: string }; ledger: typeof archived };
    archived = manifest.ledger;
    expect(manifest.encryption).toMatchObject({ cipher: 'aegis-256', keyId: record.keyId });
    expect(inflated.includes(NUMBER)).toBe(false);
    expect(inflated.includes(HOLDER)).toBe(false);
  });

  it('restores with its key to the same head hash, and without it restores nothing (DATA_KEY_MISSING)', async () => {
    const keyFile = `${live}.key`;
    const away = dir.join('moved.key');
    const refused = dir.join('restore-refused');
    renameSync(keyFile, away);
    try {
      oneLineRefusal(await runFidelisBin(['restore', archive, '--data-dir', refused, '--json']), 'DATA_KEY_MISSING');
      expect(existsSync(refused) ? readdirSync(refused) : []).toEqual([]);
      oneLineRefusal(await runFidelisBin(['restore', archive, '--data-dir', refused, '--json'], { FIDELIS_DATA_KEY: 'cd'.repeat(32) }), 'DATA_KEY_WRONG');
      expect(existsSync(refused) ? readdirSync(refused) : []).toEqual([]);

      const restored = dir.join('restored');
      const restore = await runFidelisBin(['restore', archive, '--data-dir', restored, '--json'], { FIDELIS_DATA_KEY_FILE: away });
      expect(restore.code, restore.stderr).toBe(0);
      expect((restore.json as { verification: LedgerVerification }).verification).toMatchObject({ ok: true, headSeq: archived.headSeq, ledgerHeadHash: archived.ledgerHeadHash });
      expect(isPlainSqliteFile(join(restored, 'indexeddb.sqlite'))).toBe(false);
      // The restored dir remembers where this machine keeps the key: it opens without being told again.
      const verify = await runCli(['verify', '--data-dir', restored, '--json']);
      expect(verify.json).toMatchObject({ ok: true, breaks: 0 });
    } finally {
      renameSync(away, keyFile);
    }
  });
});

describe('a passphrase in FIDELIS_DATA_KEY', { timeout: 120_000 }, () => {
  it('keys a new dir (scrypt, its salt recorded beside), opens it again, and refuses another passphrase', async () => {
    const keyed = dir.join('passphrase');
    const passphrase = 'four tellers and a vault';
    const first = await runCli(['verify', '--data-dir', keyed, '--json'], { FIDELIS_DATA_KEY: passphrase });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(keyed, 'data-key.json'), 'utf8'))).toMatchObject({ source: 'passphrase', salt: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(existsSync(`${keyed}.key`)).toBe(false);
    expect(isPlainSqliteFile(join(keyed, 'indexeddb.sqlite'))).toBe(false);
    const again = await runCli(['verify', '--data-dir', keyed, '--json'], { FIDELIS_DATA_KEY: passphrase });
    expect(again.json).toMatchObject({ ok: true });
    oneLineRefusal(await runFidelisBin(['verify', '--data-dir', keyed, '--json'], { FIDELIS_DATA_KEY: 'four tellers and a safe' }), 'DATA_KEY_WRONG');
  });
});
