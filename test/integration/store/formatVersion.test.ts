/** The data dir's format: an older one is backed up and migrated at start-up with progress; a newer one is refused untouched. */

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHost } from '../../../main/host.js';
import { createEventStore } from '../../../main/store/eventStore.js';
import { DATA_FORMAT, planDataDirFormat } from '../../../main/store/formatVersion.js';
import { diskIndexedDb } from '../../../main/store/indexedDb/diskProvider.js';
import { openLedgerDatabase } from '../../../main/store/ledgerDatabase.js';
import { LOCK_DB_FILE } from '../../../main/store/dataDirLock.js';

const root = mkdtempSync(join(tmpdir(), 'fidelis-format-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const dir = (name: string) => {
  const path = join(root, name);
  mkdirSync(path, { recursive: true });
  return path;
};

describe('reading a data dir’s format', () => {
  it('treats an empty dir as new: nothing to migrate', () => {
    expect(planDataDirFormat(dir('empty'))).toMatchObject({ found: 0, migrations: [] });
  });

  it('treats SQLite files without format.json as the first release’s format 1', () => {
    const old = dir('old-plan');
    writeFileSync(join(old, 'D_rxdb-dexie-fidelis--0--commits.sqlite'), '');
    const plan = planDataDirFormat(old);
    expect(plan.found).toBe(1);
    expect(plan.migrations.map((m) => `${m.from}→${m.to}`)).toEqual(['1→2', '2→3']);
  });

  it('refuses an unreadable format.json with a message saying what to do', () => {
    const broken = dir('broken');
    writeFileSync(join(broken, 'format.json'), '{ not json');
    expect(() => planDataDirFormat(broken)).toThrow(expect.objectContaining({ code: 'DATA_FORMAT_UNSUPPORTED' }));
  });
});

describe('a data dir written by a newer Fidelis', () => {
  it('is refused at start-up with a clear message, and nothing in it changes', async () => {
    const newer = dir('newer');
    const format = `${JSON.stringify({ format: DATA_FORMAT + 1, writtenAt: '2030-01-01T00:00:00.000Z', migrations: [] })}\n`;
    writeFileSync(join(newer, 'format.json'), format);
    await expect(createHost({ dataDir: newer })).rejects.toMatchObject({
      code: 'DATA_FORMAT_UNSUPPORTED',
      message: `The data dir ${newer} was written by a newer Fidelis (data format ${DATA_FORMAT + 1}; this build reads up to ${DATA_FORMAT}). Update Fidelis to open it; nothing was changed.`,
    });
    // Only the lock it tried to take is left (an empty file, never deleted: see main/store/dataDirLock.ts).
    expect(readdirSync(newer)).toEqual([LOCK_DB_FILE, 'format.json']);
    expect(readFileSync(join(newer, 'format.json'), 'utf8')).toBe(format);
  });
});

describe('a data dir written by the first release (format 1)', () => {
  it('is backed up first, then migrated with progress, and keeps every event', async () => {
    const old = dir('old');
    // Write a format-1 dir: commits in SQLite, no format.json.
    const database = await openLedgerDatabase(await diskIndexedDb(old));
    const store = await createEventStore(database.collections.commits);
    const meta = { commandId: 'c', correlationId: 'c', causationId: 'c', actor: 'a', deviceId: 'd', branchId: 'b' };
    for (let i = 0; i < 3; i++) {
      await store.append({
        streamId: `account-o${i}`,
        expected: 'no-stream',
        events: [{ type: 'Fidelis.AccountOpened.v1', data: { accountId: `o${i}`, number: `O-${i}`, holder: 'Olga', currency: 'USD', openingDeposit: '100', overdraftLimit: '0' }, occurredAt: '2025-01-01T00:00:00.000Z' }],
        meta: { ...meta, commandId: `c${i}` },
        commandHash: `h${i}`,
      });
    }
    await database.close();
    const sizes = Object.fromEntries(readdirSync(old).filter((n) => n.endsWith('.sqlite')).map((n) => [n, statSync(join(old, n)).size]));

    const progress: string[] = [];
    const host = await createHost({ dataDir: old, clock: () => new Date('2026-06-01T10:00:00.000Z'), progress: (done, total, label) => progress.push(`${label} ${done}/${total}`) });
    try {
      expect(progress).toContain('Checking the ledger for format 2 3/3');
      expect(progress.at(-1)).toBe('Computing the ledger hash chain 3/3');
      const format = JSON.parse(readFileSync(join(old, 'format.json'), 'utf8')) as { format: number; migrations: { from: number; to: number; backup: string }[] };
      expect(format).toMatchObject({ format: DATA_FORMAT, migrations: [{ from: 1, to: 2, at: '2026-06-01T10:00:00.000Z' }, { from: 2, to: 3, at: '2026-06-01T10:00:00.000Z' }] });
      const backup = format.migrations[0]!.backup;
      expect(backup).toBe(join(old, 'backups', 'format-1-2026-06-01T10-00-00-000Z'));
      // The backup holds the SQLite files as they were before the database was opened for the migration.
      for (const [name, size] of Object.entries(sizes)) expect(statSync(join(backup, name)).size).toBe(size);
      expect((await host.getAccount('o2'))?.balance).toBe('1.00');
      expect(planDataDirFormat(old)).toMatchObject({ found: DATA_FORMAT, migrations: [] });
    } finally {
      await host.close();
    }
  });
});
