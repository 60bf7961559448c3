/** Regulatory reports over a seeded branch history: golden files, as-of cut-off, late events, every format, FinCEN XSD with Part I and institution data. */

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import type { ReportManifest } from '../../../main/reports/reports.js';
import { REPO_ROOT } from '../../support/processes.js';
import { REPORT_DAY, seedBranch, type SeededBranch } from '../../support/reportHistory.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

const GOLDEN = join(REPO_ROOT, 'test', 'golden', 'reports');
const XSD = join(REPO_ROOT, 'main', 'reports', 'fincen', 'EFL_CTRXBatchSchema.xsd');
/** Regenerate deliberately: UPDATE_GOLDEN=1 npx vitest run test/integration/reports/reports.test.ts */
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Event ids are ULIDs with a random part: each becomes <id1>, <id2>… in order of first appearance. */
function normalizeIds(text: string): string {
  const seen = new Map<string, string>();
  return text.replace(/\b[0-9A-HJKMNP-TV-Z]{26}\b/g, (id) => {
    if (!seen.has(id)) seen.set(id, `<id${seen.size + 1}>`);
    return seen.get(id)!;
  });
}

function expectGolden(name: string, actual: string): void {
  const path = join(GOLDEN, name);
  const normalized = normalizeIds(actual);
  if (UPDATE || !existsSync(path)) writeFileSync(path, normalized);
  expect(normalized).toBe(readFileSync(path, 'utf8'));
}

/** FinCEN's schema says yes (xmllint-wasm here; the export itself checked with the system's xmllint before writing). */
async function expectValidBatch(xml: string): Promise<void> {
  const result = await validateXML({ xml: [{ fileName: 'ctr.xml', contents: xml }], schema: [{ fileName: 'EFL_CTRXBatchSchema.xsd', contents: readFileSync(XSD, 'utf8') }] });
  expect(result.errors).toEqual([]);
  expect(result.valid).toBe(true);
}

let branch: SeededBranch;
let dir: TempDir;
const exportReport = (request: Record<string, unknown>) => branch.host.reports.export({ date: REPORT_DAY, ...request });

beforeAll(async () => {
  branch = await seedBranch();
  dir = makeTempDir('fidelis-reports-');
});

afterAll(async () => {
  await branch.host.close();
  dir.remove();
});

describe('reports of a seeded business day', () => {
  it.each([
    ['ctr', {}],
    ['structuring', {}],
    ['large', {}],
    ['trial-balance', {}],
    // Staff name the account by its number.
    ['statement', { accountId: '1001' }],
    ['audit', {}],
  ])('%s matches its golden file, late section included', async (kind, extra) => {
    const out = dir.join(`${kind}.csv`);
    const manifest = await exportReport({ kind, format: 'csv', out, includeLate: true, ...extra });
    expectGolden(`${kind}.csv`, readFileSync(out, 'utf8'));
    expect(manifest.asOf).toMatchObject({ basis: 'end-of-day', recordedBefore: '2026-03-03T00:00:00.000Z' });
  });

  it('aggregates cash per customer and day over the threshold, across accounts, in USD at the day\'s rate, and lists the late deposit apart', async () => {
    const manifest = await exportReport({ kind: 'ctr', format: 'json', out: dir.join('ctr.json'), includeLate: true });
    // Ada 10,500.50; Bob 25,700.00 in and 12,000.00 out; Chen 20,000.00 EUR at 1.08 = 21,600.00 USD.
    expect(manifest.totals).toMatchObject({ lines: '3', lateLines: '1', cashInUsd: '57800.50', cashOutUsd: '12000.00', 'rate.EUR.2026-03-02': '1.08' });
    expect(manifest.rates).toMatchObject([{ day: '2026-03-02', currency: 'EUR', usdPerUnit: '1.08' }]);
    const report = JSON.parse(readFileSync(dir.join('ctr.json'), 'utf8')) as { rows: Array<Record<string, string>> };
    const ada = report.rows.filter((r) => r.section === 'ctr' && r.customerId === 'ada');
    expect(ada.map((r) => [r.customer, r.accountNumber, r.holder])).toEqual([
      ['Ada King Lovelace', '1001', 'Ada King Lovelace'],
      ['Ada King Lovelace', '1002', 'Ada King Lovelace'],
    ]);
    expect(ada[0]!.lineCashInUsd).toBe('10500.50');
    const chen = report.rows.find((r) => r.section === 'ctr' && r.customerId === 'chen')!;
    expect(chen).toMatchObject({ currency: 'EUR', amount: '20000.00', usdPerUnit: '1.08', amountUsd: '21600.00', lineCashInUsd: '21600.00' });
    // The 3,000.00 transfer debit and the wire are not cash.
    expect(report.rows.some((r) => r.reference === 'T-1' || r.source === 'wire')).toBe(false);
    const late = report.rows.filter((r) => r.section === 'late');
    expect(late.every((r) => r.customer === 'Bob Marley' && r.lineCashInUsd === '26700.00')).toBe(true);
    // Bob's account was opened with a holder name alone: the filing says what it does not know about him.
    expect(manifest.warnings).toEqual([expect.stringMatching(/^Customer Bob Marley \(acct-bob-1\) has no address, date of birth, TIN, identification/), expect.stringMatching(/^Customer Chen Wei \(chen\) has no date of birth, TIN, identification/)]);
  });

  it('the trial balance balances per currency and day, and says so', async () => {
    const manifest = await exportReport({ kind: 'trial-balance', format: 'csv', out: dir.join('tb.csv') });
    expect(manifest.totals).toMatchObject({ balanced: 'yes', 'debit.USD': '66200.50', 'credit.USD': '66200.50', 'debit.EUR': '20000.00' });
    expect(manifest.warnings).toEqual([]);
  });

  it('the statement adds up: opening 500.00, three movements, closing 18,500.00', async () => {
    const manifest = await exportReport({ kind: 'statement', accountId: '1001', format: 'csv', out: dir.join('statement.csv') });
    expect(manifest.totals).toMatchObject({ accountNumber: '1001', customers: 'Ada King Lovelace', opening: '500.00', credits: '21000.00', debits: '3000.00', closing: '18500.00', movements: '3' });
  });

  it('gives the same bytes twice in every format, and events recorded after the cut-off change nothing', async () => {
    const formats = ['csv', 'json', 'xlsx', 'pdf', 'fincen-xml'] as const;
    const first = new Map<string, ReportManifest>();
    for (const format of formats) first.set(format, await exportReport({ kind: 'ctr', format, out: dir.join(`twice-1.${format}`) }));
    // Another synced deposit of the reported day arrives, and the clock moves on.
    branch.at('2026-03-05T10:00:00.000Z');
    await branch.run({ type: 'MakeDeposit', accountId: 'ada-2', amount: '50000.00', sourceType: 'cash' });
    for (const format of formats) {
      const again = await exportReport({ kind: 'ctr', format, out: dir.join(`twice-2.${format}`) });
      expect(again.sha256, format).toBe(first.get(format)!.sha256);
      expect(readFileSync(dir.join(`twice-2.${format}`)).equals(readFileSync(dir.join(`twice-1.${format}`))), format).toBe(true);
      expect(again.asOf.lastEventSeq).toBe(first.get(format)!.asOf.lastEventSeq);
    }
    const manifest = JSON.parse(readFileSync(dir.join('twice-1.csv.manifest.json'), 'utf8')) as ReportManifest;
    expect(manifest).toMatchObject({ file: 'twice-1.csv', report: 'ctr', parameters: { from: REPORT_DAY, to: REPORT_DAY, timeZone: 'UTC' }, rowCounts: { ctr: 7 } });
    expect(manifest.generatedAt).toBe('2026-03-04T08:00:00.000Z');
  });

  it('writes a FinCEN CTR batch that validates against FinCEN’s schema, with Part I and the institution, and totals that match', async () => {
    const out = dir.join('ctr.xml');
    const manifest = await exportReport({ kind: 'ctr', format: 'fincen-xml', out });
    const xml = readFileSync(out, 'utf8');
    await expectValidBatch(xml);
    // Ada 10,500.50 in → 10,501 (rounded up); Bob 25,700 in, 12,000 out; Chen 21,600 (EUR at 1.08, foreign currency in).
    expect(xml).toContain('TotalAmount="69801" PartyCount="18" ActivityCount="3"');
    const details = [...xml.matchAll(/<DetailTransactionAmountText>(\d+)</g)].map((m) => Number(m[1]));
    expect(details.reduce((a, b) => a + b, 0)).toBe(69801);
    const seqNums = [...xml.matchAll(/SeqNum="(\d+)"/g)].map((m) => m[1]);
    expect(new Set(seqNums).size).toBe(seqNums.length);
    // Part I: Ada's name, date of birth, address, SSN and passport.
    for (const field of [
      '<RawEntityIndividualLastName>Lovelace</RawEntityIndividualLastName><RawIndividualFirstName>Ada</RawIndividualFirstName><RawIndividualMiddleName>King</RawIndividualMiddleName>',
      '<IndividualBirthDateText>19851210</IndividualBirthDateText>',
      '<RawStreetAddress1Text>12 St James Square</RawStreetAddress1Text>',
      '<PartyIdentificationNumberText>123456789</PartyIdentificationNumberText><PartyIdentificationTypeCode>1</PartyIdentificationTypeCode>',
      '<OtherIssuerCountryText>GB</OtherIssuerCountryText><PartyIdentificationNumberText>P1234567</PartyIdentificationNumberText><PartyIdentificationTypeCode>6</PartyIdentificationTypeCode>',
      '<OccupationBusinessText>Mathematician</OccupationBusinessText>',
      // The institution (EIN, RSSD) and the branch where the cash changed hands.
      '<RawPartyFullName>Fidelis Community Bank</RawPartyFullName>',
      '<PartyIdentificationNumberText>123456789</PartyIdentificationNumberText><PartyIdentificationTypeCode>2</PartyIdentificationTypeCode>',
      '<PartyIdentificationNumberText>1234567</PartyIdentificationNumberText><PartyIdentificationTypeCode>14</PartyIdentificationTypeCode>',
      '<RawStreetAddress1Text>200 Market Street</RawStreetAddress1Text>',
      // Chen's euros: foreign currency in, with the currency's country.
      '<CurrencyTransactionActivityDetailTypeCode>53</CurrencyTransactionActivityDetailTypeCode><DetailTransactionAmountText>21600</DetailTransactionAmountText><OtherCurrencyTransactionActivityDetailText></OtherCurrencyTransactionActivityDetailText><OtherForeignCurrencyCountryText>EU</OtherForeignCurrencyCountryText>',
    ]) {
      expect(xml).toContain(field);
    }
    expect(manifest.cleaned).toEqual([]);
    expectGolden('ctr.fincen.xml', xml);
  });

  it('reads back as XLSX and as PDF text', async () => {
    await exportReport({ kind: 'trial-balance', format: 'xlsx', out: dir.join('tb.xlsx') });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(dir.join('tb.xlsx'));
    const sheet = workbook.getWorksheet('Report')!;
    expect(sheet.getRow(1).values).toContain('ledgerAccount');
    const totals = sheet.getSheetValues().filter((row) => Array.isArray(row) && row[1] === 'total');
    expect(totals.map((row) => (row as unknown[])[10])).toEqual(['BALANCED', 'BALANCED']);
    // Amounts are numbers a spreadsheet can sum, shown in their currency.
    const usdTotal = sheet.getRows(1, sheet.rowCount)!.find((row) => row.getCell(1).value === 'total' && row.getCell(3).value === 'USD')!;
    expect(usdTotal.getCell(8).value).toBe(66200.5);
    expect(usdTotal.getCell(8).numFmt).toBe('#,##0.00 "USD";-#,##0.00 "USD"');

    await exportReport({ kind: 'ctr', format: 'pdf', out: dir.join('ctr.pdf') });
    const text = execFileSync('pdftotext', ['-layout', dir.join('ctr.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Currency Transaction Report');
    expect(text).toMatch(/Bob Marley\s+acct-bob-1\s+25700\.00\s+12000\.00/);
    expect(text).toContain('Line cash in USD');
  });

  it('reports exactly the events up to a given position', async () => {
    await exportReport({ kind: 'ctr', format: 'json', out: dir.join('ctr-all.json') });
    const rows = (JSON.parse(readFileSync(dir.join('ctr-all.json'), 'utf8')) as { rows: Array<Record<string, string>> }).rows;
    // Bob's third cash deposit; his 12,000.00 cash withdrawal comes after it and is not included.
    const third = Number(rows.find((r) => r.customer === 'Bob Marley' && r.amount === '8200.00')!.seq);
    const manifest = await exportReport({ kind: 'ctr', format: 'csv', out: dir.join('ctr-upto.csv'), asOfSeq: third });
    expect(manifest.asOf).toMatchObject({ lastEventSeq: third, basis: 'given' });
    expect(manifest.totals).toMatchObject({ lines: '2', cashInUsd: '36200.50', cashOutUsd: '0.00' });
  });

  it('refuses fincen-xml for anything but the CTR, a statement without an account, and one for an account that does not exist', async () => {
    await expect(exportReport({ kind: 'large', format: 'fincen-xml', out: dir.join('x.xml') })).rejects.toMatchObject({ code: 'VALIDATION', field: 'format' });
    await expect(exportReport({ kind: 'statement', format: 'csv', out: dir.join('s.csv') })).rejects.toMatchObject({ code: 'VALIDATION', field: 'accountId' });
    await expect(exportReport({ kind: 'statement', accountId: '9999', format: 'csv', out: dir.join('s.csv') })).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND', field: 'accountId' });
    expect(existsSync(dir.join('x.xml'))).toBe(false);
  });
});
