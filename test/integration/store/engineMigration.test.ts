/**
 * A data dir written by indexeddbshim moves onto the SQLite engine the first time this Fidelis opens it: its ledger
 * reads the same afterwards, the shim's files are kept in a backup with the counts copied, and it happens once.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/processes.js';
import { makeTempDir } from '../../support/tempDir.js';

const root = makeTempDir('fidelis-engine-migration-');
afterAll(() => root.remove());

describe('moving a data dir from indexeddbshim to the SQLite engine', () => {
  it('copies every database at open, with a backup first and progress, then reads the same ledger; once', async () => {
    const dir = root.join('ledger');
    const shim = { FIDELIS_IDB: 'shim' };
    const sqlite = { FIDELIS_IDB: 'sqlite' };
    const opened = await runCli(['--data-dir', dir, '--json', 'account', 'open', '--number', '4401', '--holder', 'Ada Lovelace', '--currency', 'USD', '--opening-deposit', '125.50'], shim);
    expect(opened.code, opened.stderr).toBe(0);
    const { accountId } = opened.json as { accountId: string };
    expect(existsSync(join(dir, '__sysdb__.sqlite'))).toBe(true);

    const first = await runCli(['--data-dir', dir, '--json', 'account', 'show', '4401'], sqlite);
    expect(first.code, first.stderr).toBe(0);
    expect(first.json).toMatchObject({ accountId, number: '4401', holder: 'Ada Lovelace', balance: '125.50' });
    expect(first.stderr).toMatch(/moving rxdb-dexie-fidelis--\d+--commits\/docs to the SQLite engine/);

    const names = readdirSync(dir);
    expect(names).toContain('indexeddb.sqlite');
    expect(names.filter((name) => name === '__sysdb__.sqlite' || /^D_.*\.sqlite$/.test(name))).toEqual([]);
    const [backup, ...others] = readdirSync(join(dir, 'backups')).filter((name) => name.startsWith('engine-shim-'));
    expect(others).toEqual([]);
    const kept = readdirSync(join(dir, 'backups', backup!));
    expect(kept).toContain('__sysdb__.sqlite');
    expect(kept.some((name) => /^D_rxdb-dexie-fidelis--\d+--commits\.sqlite$/.test(name))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(dir, 'backups', backup!, 'engine-migration.json'), 'utf8')) as { records: Record<string, { docs: number }> };
    const commits = Object.entries(manifest.records).find(([name]) => name.endsWith('--commits'));
    expect(commits?.[1].docs).toBeGreaterThan(0);

    // Written on the new engine, read again: no second migration, and the shim no longer opens the dir.
    const deposit = await runCli(['--data-dir', dir, '--json', 'account', 'deposit', '4401', '--amount', '10.00'], sqlite);
    expect(deposit.code, deposit.stderr).toBe(0);
    expect(deposit.stderr).not.toMatch(/moving/);
    const again = await runCli(['--data-dir', dir, '--json', 'account', 'show', '4401'], sqlite);
    expect(again.json).toMatchObject({ balance: '135.50' });
    expect(readdirSync(join(dir, 'backups')).filter((name) => name.startsWith('engine-shim-'))).toHaveLength(1);
    const refused = await runCli(['--data-dir', dir, '--json', 'account', 'show', '4401'], shim);
    expect(refused.json).toMatchObject({ error: { code: 'DATA_FORMAT_UNSUPPORTED' } });
  }, 120_000);
});
