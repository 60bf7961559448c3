/**
 * Issue 16 (open time bounded) without giving up issue 19's damage detection: at open the ledger's file is looked at
 * only where a few pages tell the most (header, schema, both ends of each table and index); the whole file is
 * quick-checked in a worker thread once the host runs. A page damaged where the look at open does not reach is still
 * found: the file is named in the safety status with what to do, and every command is refused from then on.
 */

import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACCOUNT_CATEGORY } from '@fidelis/shared/accounts/index.js';
import { streamIdOf, type EventMeta } from '@fidelis/shared/events/envelope.js';
import { createLedgerEventRegistry } from '@fidelis/shared/ledger/events.js';
import { createHost, type Host } from '../../../main/host.js';
import { keyOfEncryptedStore } from '../../../main/safety/dataKey.js';
import { checkSqliteFile, checkSqliteFileEdges, checkSqliteFilesInBackground } from '../../../main/safety/sqliteFileCheck.js';
import { SQLITE_FILE_NAME } from '../../../main/store/sqliteIndexedDb/engine.js';
import { makeTempDir } from '../../support/tempDir.js';

const dir = makeTempDir('fidelis-whole-file-check-');
const written = dir.join('written');
const PAGE = 4096;
const STREAMS = 20;
const EVENTS = 3_000;

/** A ledger of a few thousand events, so its tables span many pages besides their ends. */
beforeAll(async () => {
  const host = await createHost({ dataDir: written });
  const registry = createLedgerEventRegistry();
  const occurredAt = new Date().toISOString();
  for (let done = 0; done < EVENTS; done += STREAMS) {
    await Promise.all(
      Array.from({ length: STREAMS }, (_, s) => {
        const accountId = `w${s}`;
        const version = done / STREAMS;
        const event =
          version === 0
            ? registry.encode({ type: 'AccountOpened', data: { accountId, number: `W${s}`, holder: `Holder ${s}`, owners: [`acct-${accountId}`], currency: 'USD', openingDeposit: '0', openingDepositSource: 'cash', overdraftLimit: '0' } })
            : registry.encode({ type: 'DepositMade', data: { accountId, amount: '100', sourceType: 'cash', channel: 'counter', currency: 'USD', reference: `r${done + s}` } });
        const commandId = `c-${done + s}`;
        const meta: EventMeta = { commandId, correlationId: commandId, causationId: commandId, actor: 'test', deviceId: 'test', branchId: 'BR001' };
        return host.store.append({ streamId: streamIdOf(ACCOUNT_CATEGORY, accountId), expected: version === 0 ? 'no-stream' : version - 1, events: [{ ...event, occurredAt }], meta, commandHash: commandId });
      }),
    );
  }
  await host.processing.settle();
  await host.close();
}, 120_000);

afterAll(() => dir.remove());

/** Flips the b-tree header and a run of bytes inside one page (changed bytes fail an encrypted page's tag; a plain page's header no longer parses). */
function damagePage(file: string, page: number): void {
  const bytes = readFileSync(file);
  for (const offset of [0, 1, 2, 3, 4, 5, 6, 7, PAGE / 2, PAGE / 2 + 1, PAGE / 2 + 2, PAGE / 2 + 3]) bytes[page * PAGE + offset]! ^= 0xa5;
  writeFileSync(file, bytes);
}

/**
 * A copy whose file has one page damaged where the look at open does not reach, and that the host still opens on:
 * found by trying pages from the middle of the file on.
 */
async function copyDamagedBeyondTheEdges(): Promise<{ dataDir: string; file: string; host: Host }> {
  const pages = readFileSync(join(written, SQLITE_FILE_NAME)).length / PAGE;
  for (let tried = 0, page = Math.floor(pages / 2); tried < 40 && page < pages; tried++, page++) {
    const dataDir = dir.join(`damaged-${page}`);
    cpSync(written, dataDir, { recursive: true });
    const file = join(dataDir, SQLITE_FILE_NAME);
    damagePage(file, page);
    const key = keyOfEncryptedStore(dataDir);
    if (!checkSqliteFileEdges(file, key).ok || checkSqliteFile(file, key).ok) continue;
    try {
      return { dataDir, file, host: await createHost({ dataDir }) };
    } catch {
      // Opening read that page (the host refused it as damaged): the next one.
    }
  }
  throw new Error('no page found that the look at open and the host’s own reads both miss');
}

describe('a ledger file checked at open where it counts, and whole in the background', { timeout: 120_000 }, () => {
  it('an intact file passes both looks; the whole check runs off the main thread and says so in the status', async () => {
    const file = join(written, SQLITE_FILE_NAME);
    const key = keyOfEncryptedStore(written);
    expect(checkSqliteFileEdges(file, key)).toEqual({ file, ok: true, problems: [] });
    expect(await checkSqliteFilesInBackground([file], key).done).toEqual([{ file, ok: true, problems: [] }]);

    const host = await createHost({ dataDir: written });
    try {
      await vi.waitFor(() => expect(host.safety.status().files).toEqual([{ file, ok: true, problems: [] }]), { timeout: 30_000, interval: 100 });
      expect(host.safety.status().whatToDo).toBeNull();
    } finally {
      await host.close();
    }
  });

  it('a page damaged beyond the look at open is found by the background check: the file is named and every command refused', async () => {
    const { file, host } = await copyDamagedBeyondTheEdges();
    try {
      await vi.waitFor(() => expect(host.safety.status().files).toMatchObject([{ file, ok: false, problems: [expect.any(String)] }]), { timeout: 30_000, interval: 100 });
      expect(host.safety.status().whatToDo).toContain('Restore the last backup');
      await expect(host.execute({ type: 'MakeDeposit', accountId: 'w1', amount: '1.00', sourceType: 'cash' })).rejects.toMatchObject({ code: 'LEDGER_DAMAGED' });
    } finally {
      await host.close();
    }
  });
});
