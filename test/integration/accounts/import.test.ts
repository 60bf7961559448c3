/** `import accounts`: CSV rows become accounts once, however often the file is imported, with a report of what was refused. */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../main/host.js';
import { importAccounts } from '../../../main/accounts/importAccounts.js';
import { parseCsv } from '../../../main/accounts/csv.js';

let host: Host;
beforeEach(async () => {
  host = await createHost({ inMemory: true, clock: () => new Date('2026-06-01T12:00:00Z') });
});
afterEach(async () => {
  await host.close();
});

const FILE = [
  'Number,Holder,Currency,Opening Balance,Opened On',
  'L-001,"Lovelace, Ada",USD,1500.25,2011-04-01',
  'L-002,Babbage,JPY,300000,2012-05-02',
  'L-003,Bad Amount,USD,1.234,2013-01-01',
  'L-004,No Date,USD,10,',
  'L-001,Duplicate Row,USD,1,2014-01-01',
  ',No Number,USD,1,2014-01-01',
  'L-005,Future,USD,1,2027-01-01',
  'L-006,Odd Currency,XXX,1,2014-01-01',
].join('\r\n');

describe('account import', () => {
  it('opens an account per good row and reports every rejected row with its line and reason', async () => {
    const progress: number[] = [];
    const report = await importAccounts(host, FILE, { now: () => new Date('2026-06-01T12:00:00Z'), onProgress: (done) => progress.push(done) });
    expect(report).toMatchObject({ rows: 8, imported: 2, skipped: 0 });
    expect(report.rejected.map((r) => [r.line, r.number, r.field])).toEqual([
      [4, 'L-003', 'openingDeposit'],
      [5, 'L-004', 'openedOn'],
      [6, 'L-001', 'number'],
      [7, '', 'number'],
      [8, 'L-005', 'openedOn'],
      [9, 'L-006', 'currency'],
    ]);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const ada = await host.readModels.accountSummaries.query({ number: 'L-001' });
    expect(ada).toMatchObject([{ holder: 'Lovelace, Ada', balance: '1500.25', currency: 'USD' }]);
    expect((await host.readModels.accountSummaries.query({ number: 'L-002' }))[0]).toMatchObject({ balance: '300000', currency: 'JPY' });
  });

  it('skips rows imported before when the file is imported again, and refuses a number already used by a teller', async () => {
    await host.execute({ type: 'OpenAccount', number: 'L-006', holder: 'Opened At The Counter' });
    const first = await importAccounts(host, 'number,holder,currency,opening balance,opened on\nL-001,Ada,USD,1,2011-04-01\nL-006,Someone,USD,1,2011-04-01\n');
    const second = await importAccounts(host, 'number,holder,currency,opening balance,opened on\nL-001,Ada,USD,1,2011-04-01\nL-007,Carol,USD,2,2011-04-01\n');
    expect(first).toMatchObject({ imported: 1, skipped: 0, rejected: [{ number: 'L-006', field: 'number' }] });
    expect(second).toMatchObject({ imported: 1, skipped: 1, rejected: [] });
    expect(second.accounts[0]!.accountId).toBe(first.accounts[0]!.accountId);
    expect(await host.readModels.accountSummaries.count()).toBe(3);
    const changed = await importAccounts(host, 'L-001,Ada Changed,USD,1,2011-04-01\n');
    expect(changed.rejected).toMatchObject([{ number: 'L-001', reason: expect.stringContaining('different details') }]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, whatever the line ends, naming the line each row starts on', () => {
    expect(parseCsv('\uFEFFa,"b, c","say ""hi""","two\nlines"\r\n\r\nx,y\n  \r"three\r\nline\r\nfield",z\rlast').map((r) => [r.line, r.cells])).toEqual([
      [1, ['a', 'b, c', 'say "hi"', 'two\nlines']],
      [4, ['x', 'y']],
      [6, ['three\r\nline\r\nfield', 'z']],
      [9, ['last']],
    ]);
  });

  it('refuses a file whose quote never closes, and imports nothing from it', async () => {
    await expect(importAccounts(host, 'number,holder,currency,opening balance,opened on\nL-001,"Ada,USD,1,2011-04-01\n')).rejects.toMatchObject({ code: 'VALIDATION', field: 'file' });
    expect(await host.readModels.accountSummaries.count()).toBe(0);
  });
});
