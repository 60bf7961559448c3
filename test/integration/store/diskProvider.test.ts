/**
 * FIDELIS_IDB chooses the on-disk IndexedDB engine. A data dir written by one engine is refused by the other, with
 * nothing created beside its data: opening it would show an empty ledger next to the real one.
 */

import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diskEngine, diskIndexedDb } from '../../../main/store/indexedDb/diskProvider.js';
import { makeTempDir } from '../../support/tempDir.js';

const root = makeTempDir('fidelis-disk-provider-');
afterAll(() => root.remove());

describe('choosing the on-disk IndexedDB engine', () => {
  it('is the SQLite engine unless FIDELIS_IDB names indexeddbshim, and refuses any other name', () => {
    expect(diskEngine({})).toBe('sqlite');
    expect(diskEngine({ FIDELIS_IDB: 'shim' })).toBe('shim');
    expect(diskEngine({ FIDELIS_IDB: 'sqlite' })).toBe('sqlite');
    expect(() => diskEngine({ FIDELIS_IDB: 'leveldb' })).toThrow('FIDELIS_IDB must be "shim" or "sqlite", not "leveldb".');
  });

  it.each([
    ['sqlite', '__sysdb__.sqlite', 'indexeddbshim'],
    ['shim', 'indexeddb.sqlite', 'the SQLite IndexedDB engine'],
  ] as const)('set to %s, refuses a dir holding %s and changes nothing', async (engine, file, writer) => {
    const dir = root.join(`not-for-${engine}`);
    mkdirSync(dir);
    writeFileSync(join(dir, file), '');
    await expect(diskIndexedDb(dir, engine)).rejects.toMatchObject({
      code: 'DATA_FORMAT_UNSUPPORTED',
      message: expect.stringContaining(`was written by ${writer}`),
    });
    expect(readdirSync(dir)).toEqual([file]);
  });
});
