/** The statement PDF as a customer document, read back with pdftotext; its first page rendered to PNG (pdftoppm) for a look. */

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_DAY, seedBranch, type SeededBranch } from '../../support/reportHistory.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

let branch: SeededBranch;
let dir: TempDir;

beforeAll(async () => {
  branch = await seedBranch();
  dir = makeTempDir('fidelis-statement-');
  // Enough movements over the month for a second page.
  for (let day = 5; day <= 28; day += 1) {
    for (const hour of [10, 14]) {
      branch.at(`2026-03-${String(day).padStart(2, '0')}T${hour}:00:00.000Z`);
      await branch.run({ type: 'MakeDeposit', accountId: '1001', amount: `${day}.${hour}`, sourceType: hour === 10 ? 'cash' : 'check', reference: `slip ${day}/${hour}` });
    }
  }
  branch.at('2026-04-02T08:00:00.000Z');
});

afterAll(async () => {
  await branch.host.close();
  dir.remove();
});

const pdfText = (path: string) => execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });

describe('the statement PDF', () => {
  it('shows the bank and branch, the customer’s name and address, the account number, the period and the balances', async () => {
    const out = dir.join('statement.pdf');
    await branch.host.reports.export({ kind: 'statement', accountId: '1001', date: REPORT_DAY, format: 'pdf', out });
    const text = pdfText(out);
    for (const expected of ['Fidelis Community Bank', 'Fidelis Community Bank, Downtown', '200 Market Street', 'Account statement', 'Account number 1001', 'Currency USD', '2 Mar 2026 to 2 Mar 2026', 'Ada King Lovelace', '12 St James Square', 'London SW1Y4JH', 'GB']) {
      expect(text, expected).toContain(expected);
    }
    expect(text).toMatch(/Opening balance\s+Money in\s+Money out\s+Closing balance/);
    expect(text).toMatch(/500\.00 USD\s+21,000\.00 USD\s+3,000\.00 USD\s+18,500\.00 USD/);
    // Every movement with a readable description and its running balance; no internal ids.
    expect(text).toMatch(/2 Mar 2026\s+Cash deposit\s+6,000\.00\s+6,500\.00/);
    expect(text).toMatch(/2 Mar 2026\s+Transfer sent\s+T-1\s+3,000\.00\s+3,500\.00/);
    expect(text).toMatch(/2 Mar 2026\s+Wire transfer received\s+15,000\.00\s+18,500\.00/);
    expect(text).not.toMatch(/\b[0-9A-HJKMNP-TV-Z]{26}\b/);
    expect(text).not.toMatch(/businessDay|eventId|occurredAt/);
    expect(text).toContain('Page 1 of 1');
  });

  it('numbers its pages, repeats the column headings, and gives the same bytes twice', async () => {
    const first = dir.join('month-1.pdf');
    const second = dir.join('month-2.pdf');
    await branch.host.reports.export({ kind: 'statement', accountId: '1001', from: '2026-03-01', to: '2026-03-31', format: 'pdf', out: first });
    await branch.host.reports.export({ kind: 'statement', accountId: '1001', from: '2026-03-01', to: '2026-03-31', format: 'pdf', out: second });
    expect(readFileSync(first).equals(readFileSync(second))).toBe(true);
    const text = pdfText(first);
    expect(execFileSync('pdfinfo', [first], { encoding: 'utf8' })).toMatch(/^Pages:\s+2$/m);
    expect(text).toContain('Page 1 of 2');
    expect(text).toContain('Page 2 of 2');
    expect(text.match(/Date\s+Description\s+Reference\s+Money out\s+Money in\s+Balance/g)).toHaveLength(2);
    expect(text).toMatch(/28 Mar 2026\s+Check deposit\s+slip 28\/14\s+28\.14/);

    // A picture of the first page, for a person to look at (test output: the file's path is printed).
    const png = dir.join('month-page');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', first, png]);
    expect(existsSync(`${png}-1.png`)).toBe(true);
    if (process.env.FIDELIS_KEEP_PNG) execFileSync('cp', [`${png}-1.png`, process.env.FIDELIS_KEEP_PNG]);
  });
});
