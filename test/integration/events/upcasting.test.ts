/**
 * Upcasting on a real on-disk store seeded with raw documents written the way the first release wrote them:
 * v1 and v2 deposits are read at v3 (source "unknown", the account's currency), and the stored documents never change.
 */

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../main/host.js';
import { onDiskIndexedDb } from '../../../main/store/indexedDb/onDisk.js';
import { openLedgerDatabase } from '../../../main/store/ledgerDatabase.js';
import { DATA_FORMAT } from '../../../main/store/formatVersion.js';
import { LEGACY_STREAM, legacyAccountCommits } from '../../support/legacyCommits.js';

const dataDir = mkdtempSync(join(tmpdir(), 'fidelis-upcast-'));
const stream = LEGACY_STREAM;
/** Exactly what an old build left on disk. */
const rawCommits = legacyAccountCommits('Hana');

let host: Host | undefined;

afterAll(async () => {
  await host?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a store written by the first release (raw v1 and v2 deposits)', () => {
  it('is read at today’s versions without rewriting a stored byte', async () => {
    // Seed exactly what an old build left on disk: commit documents, no format.json.
    const seeding = await openLedgerDatabase(onDiskIndexedDb(dataDir));
    await seeding.collections.commits.bulkInsert(rawCommits);
    await seeding.close();

    host = await createHost({ dataDir });
    const account = await host.getAccount('legacy1');
    expect(account).toMatchObject({ balance: '1700', currency: 'JPY', version: 2 });

    // What is stored is what was written: the v1 and v2 types and payloads, untouched.
    const stored = await host.readStream(stream);
    expect(stored.map((e) => e.type)).toEqual(['Fidelis.AccountOpened.v1', 'Fidelis.DepositMade.v1', 'Fidelis.DepositMade.v2']);
    expect(stored).toEqual(rawCommits.flatMap((c) => c.events));

    // New deposits are written at v4 with the currency, a default source and the channel of a teller's deposit.
    const outcome = await host.execute({ type: 'MakeDeposit', accountId: 'legacy1', amount: '300' });
    expect(outcome.events[0]).toMatchObject({ type: 'Fidelis.DepositMade.v4', data: { amount: '300', sourceType: 'cash', currency: 'JPY', channel: 'counter' } });
    expect((await host.getAccount('legacy1'))?.balance).toBe('2000');
    expect((await host.readStream(stream, { toVersion: 2 }))).toEqual(rawCommits.flatMap((c) => c.events));
  });

  it('is marked with today’s data format after a backup of its SQLite files', () => {
    const format = JSON.parse(readFileSync(join(dataDir, 'format.json'), 'utf8')) as { format: number; migrations: { from: number; to: number; backup: string }[] };
    expect(format.format).toBe(DATA_FORMAT);
    expect(format.migrations).toHaveLength(2);
    expect(format.migrations.map((m) => [m.from, m.to])).toEqual([[1, 2], [2, 3]]);
    const backup = format.migrations[0]!.backup;
    expect(existsSync(backup)).toBe(true);
    // The commits' file: their own under indexeddbshim, the one file of the SQLite engine (the default).
    expect(readdirSync(backup).some((name) => name.includes('commits.sqlite') || name === 'indexeddb.sqlite')).toBe(true);
  });
});

describe('a broken upcaster chain', () => {
  it('stops the host at start-up with a message naming the event and versions', async () => {
    const gap = [{ name: 'DepositMade', from: 1, to: 2, up: (data: Record<string, unknown>) => data }];
    await expect(createHost({ inMemory: true, upcasters: gap })).rejects.toThrow(
      'DepositMade: no upcaster from v2 to v3, so a stored v1 cannot reach today\'s v4 (gap in the chain).',
    );
    await expect(createHost({ inMemory: true, upcasters: [...gap, ...gap] })).rejects.toThrow(/Two upcasters lift DepositMade from v1/);
  });
});
