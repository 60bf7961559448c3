/**
 * Issue 18's compliance cases on a real host (in-memory store, a New York branch): the CTR per customer with rates,
 * the FinCEN batch with those cases validated against FinCEN's schema, hostile names in CSV, XLSX and XML, the
 * business day across the spring-forward night, refusals (no rate, no institution), and the audit trail's approver.
 */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { createHost, type Host } from '../../../main/host.js';
import type { ReportManifest } from '../../../main/reports/reports.js';
import { REPO_ROOT } from '../../support/processes.js';
import { INSTITUTION } from '../../support/reportHistory.js';
import { seedTestStaff, STAFF_PASSWORD, TEST_STAFF_SETTINGS } from '../../support/staffFixtures.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

const XSD = join(REPO_ROOT, 'main', 'reports', 'fincen', 'EFL_CTRXBatchSchema.xsd');
const DAY = '2026-03-02';
/** Hostile names as a teller might type or paste them. */
const HOSTILE = ['=HYPERLINK("http://evil.example","click")', '+cmd|/C calc!A0', '@SUM(1)', 'Nul\u0000Byte Name', 'Rtl \u202Eevil.exe Name', '-2+3 Minus'];

let host: Host;
let dir: TempDir;
let now = new Date(`${DAY}T14:00:00.000Z`);
let n = 0;
/** A command at a given instant, as the teller. */
const at = (iso: string, request: Record<string, unknown>) => {
  now = new Date(iso);
  return host.execute(request, { commandId: `c-${++n}`, actor: 'teller1' });
};
const customer = (customerId: string, legalName: string, extra: Record<string, unknown> = {}) =>
  at(`2026-03-01T15:00:00.000Z`, { type: 'RegisterCustomer', customerId, kind: 'PERSON', legalName, address: { line1: '1 Elm Street', city: 'Albany', state: 'NY', postalCode: '12207', country: 'US' }, ...extra });
const account = (accountId: string, owners: string[], currency = 'USD') => at(`2026-03-01T15:00:00.000Z`, { type: 'OpenAccount', accountId, number: accountId.toUpperCase(), owners, currency });
const cash = (accountId: string, amount: string, iso = `${DAY}T15:00:00.000Z`, reference?: string) => at(iso, { type: 'MakeDeposit', accountId, amount, sourceType: 'cash', ...(reference ? { reference } : {}) });
const payOut = (accountId: string, amount: string, iso = `${DAY}T16:00:00.000Z`, reference?: string) => at(iso, { type: 'MakeWithdrawal', accountId, amount, ...(reference ? { reference } : {}) });

const exportReport = (request: Record<string, unknown>) => host.reports.export({ date: DAY, ...request, out: dir.join(String(request.out)) });
const jsonRows = (file: string) => (JSON.parse(readFileSync(dir.join(file), 'utf8')) as { rows: Array<Record<string, string>> }).rows;
const ctrLines = (rows: Array<Record<string, string>>) => [...new Map(rows.filter((r) => r.section === 'ctr').map((r) => [`${r.businessDay}|${r.customerId}`, [r.customerId, r.lineCashInUsd, r.lineCashOutUsd]])).values()];

async function expectValid(xml: string): Promise<void> {
  const result = await validateXML({ xml: [{ fileName: 'ctr.xml', contents: xml }], schema: [{ fileName: 'EFL_CTRXBatchSchema.xsd', contents: readFileSync(XSD, 'utf8') }] });
  expect(result.errors).toEqual([]);
  expect(result.valid).toBe(true);
}

beforeAll(async () => {
  dir = makeTempDir('fidelis-compliance-');
  host = await createHost({ inMemory: true, clock: () => now, settings: { timeZone: 'America/New_York', factEvents: false, ...TEST_STAFF_SETTINGS } });
  await at('2026-03-01T15:00:00.000Z', { type: 'RecordInstitution', branchId: host.settings.branchId, changes: INSTITUTION });
  await at('2026-03-01T15:00:00.000Z', { type: 'RecordExchangeRate', day: DAY, currency: 'JPY', usdPerUnit: '0.0067' });
  await at('2026-03-01T15:00:00.000Z', { type: 'RecordExchangeRate', day: DAY, currency: 'BHD', usdPerUnit: '2.6596' });

  // One customer, two accounts, 6,000 each: one CTR of 12,000.
  await customer('sam', 'Sam Two Accounts', { dateOfBirth: '1980-01-02', tin: '111-22-3333', tinType: 'SSN', identification: { type: 'DRIVERS_LICENSE', number: 'D123', issuer: 'NY' } });
  await account('sam-1', ['sam']);
  await account('sam-2', ['sam']);
  await cash('sam-1', '6000.00');
  await cash('sam-2', '6000.00');
  // Exactly 10,000.00: none.
  await customer('ten', 'Tess Exactly');
  await account('ten-1', ['ten']);
  await cash('ten-1', '10000.00');
  // 8,000 in and 8,000 out: none.
  await customer('io', 'Ivo InOut');
  await account('io-1', ['io']);
  await cash('io-1', '8000.00');
  await payOut('io-1', '8000.00');
  // JPY 100,000 (670 USD): none; JPY 1,600,000 (10,720 USD): one. BHD 5,000.000 (13,298 USD): one.
  await customer('yen-small', 'Yui Small');
  await account('yen-1', ['yen-small'], 'JPY');
  await cash('yen-1', '100000');
  await customer('yen-large', 'Zen Large');
  await account('yen-2', ['yen-large'], 'JPY');
  await cash('yen-2', '1600000');
  await customer('bhd', 'Hamad Bahrain', { address: { line1: 'Road 1', city: 'Manama', country: 'BH' }, tin: 'BH-998877', tinType: 'FOREIGN', identification: { type: 'PASSPORT', number: 'BH112233', issuer: 'BH' } });
  await account('bhd-1', ['bhd'], 'BHD');
  await cash('bhd-1', '5000.000');
  // Teller withdrawals whose references mimic a transfer and PayFlow: cash, 11,000 out.
  await customer('wes', 'Wes Mimic');
  await account('wes-1', ['wes']);
  await cash('wes-1', '20000.00', `${DAY}T14:30:00.000Z`);
  await payOut('wes-1', '6000.00', `${DAY}T16:00:00.000Z`, 'transfer:y');
  await payOut('wes-1', '5000.00', `${DAY}T16:10:00.000Z`, 'payflow-x');
  // Two customers with one name (two SSNs), 6,000 each: none.
  await customer('lena-1', 'Lena Case', { tin: '222-33-4444', tinType: 'SSN' });
  await customer('lena-2', 'Lena Case', { tin: '333-44-5555', tinType: 'SSN' });
  await account('lena-a', ['lena-1']);
  await account('lena-b', ['lena-2']);
  await cash('lena-a', '6000.00');
  await cash('lena-b', '6000.00');
  // One customer under two spellings: the first account opened as "Sam Same", the name then corrected, the second
  // opened as "Samuel Same"; 6,000 on each: one CTR.
  await customer('samuel', 'Sam Same', { tin: '444-55-6666', tinType: 'SSN' });
  await account('same-1', ['samuel']);
  await at('2026-03-01T15:00:00.000Z', { type: 'ChangeCustomerDetails', customerId: 'samuel', changes: { legalName: 'Samuel Same' } });
  await account('same-2', ['samuel']);
  await cash('same-1', '6000.00');
  await cash('same-2', '6000.00');
  // Hostile names, 12,000 each.
  for (const [index, name] of HOSTILE.entries()) {
    await customer(`hostile-${index}`, name);
    await account(`hostile-${index}`, [`hostile-${index}`]);
    await cash(`hostile-${index}`, '12000.00', `${DAY}T17:00:00.000Z`, name);
  }
  now = new Date('2026-03-10T14:00:00.000Z');
});

afterAll(async () => {
  await host.close();
  dir.remove();
});

describe('the CTR follows the customer', () => {
  let rows: Array<Record<string, string>>;
  let manifest: ReportManifest;
  beforeAll(async () => {
    manifest = await exportReport({ kind: 'ctr', format: 'json', out: 'ctr.json' });
    rows = jsonRows('ctr.json');
  });

  it('files the customer with two accounts (12,000), JPY over the threshold, BHD and the mimicking withdrawals; nothing at 10,000.00, for 8,000 in and out, or JPY 100,000', () => {
    const lines = ctrLines(rows).filter(([id]) => !id!.startsWith('hostile-'));
    expect(lines).toEqual(
      expect.arrayContaining([
        ['sam', '12000.00', '0.00'],
        ['yen-large', '10720.00', '0.00'],
        ['bhd', '13298.00', '0.00'],
        ['wes', '20000.00', '11000.00'],
        ['samuel', '12000.00', '0.00'],
      ]),
    );
    expect(lines.map(([id]) => id).sort()).toEqual(['bhd', 'samuel', 'sam', 'wes', 'yen-large'].sort());
    expect(manifest.rates.map((r) => `${r.currency} ${r.usdPerUnit}`).sort()).toEqual(['BHD 2.6596', 'JPY 0.0067']);
  });

  it('names account number, holder and customer on each line; the mimicking references stay cash', () => {
    const wes = rows.filter((r) => r.customerId === 'wes' && r.direction === 'OUT');
    expect(wes.map((r) => [r.accountNumber, r.holder, r.customer, r.source, r.reference])).toEqual([
      ['WES-1', 'Wes Mimic', 'Wes Mimic', 'cash', 'transfer:y'],
      ['WES-1', 'Wes Mimic', 'Wes Mimic', 'cash', 'payflow-x'],
    ]);
    expect(rows.filter((r) => r.customerId === 'samuel').map((r) => r.holder)).toEqual(['Sam Same', 'Samuel Same']);
  });

  it('books the mimicking withdrawals to teller cash in the journal too', async () => {
    await exportReport({ kind: 'trial-balance', format: 'json', out: 'tb.json' });
    const wes = jsonRows('tb.json').filter((r) => r.section === 'journal' && r.accountNumber === 'WES-1' && r.description === 'Cash withdrawal');
    expect(wes.filter((r) => r.credit !== '0.00').map((r) => r.ledgerAccount)).toEqual(['branch:teller-cash', 'branch:teller-cash']);
  });

  it('writes those cases as a FinCEN batch that validates against FinCEN’s schema, with Part I and the institution', async () => {
    const manifest = await exportReport({ kind: 'ctr', format: 'fincen-xml', out: 'ctr.xml' });
    const xml = readFileSync(dir.join('ctr.xml'), 'utf8');
    await expectValid(xml);
    expect(manifest.rowCounts.activities).toBe(5 + HOSTILE.length);
    for (const field of [
      // Sam: name, date of birth, SSN, New York driver's licence.
      '<RawEntityIndividualLastName>Accounts</RawEntityIndividualLastName><RawIndividualFirstName>Sam</RawIndividualFirstName><RawIndividualMiddleName>Two</RawIndividualMiddleName>',
      '<IndividualBirthDateText>19800102</IndividualBirthDateText>',
      '<PartyIdentificationNumberText>111223333</PartyIdentificationNumberText><PartyIdentificationTypeCode>1</PartyIdentificationTypeCode>',
      '<OtherIssuerCountryText>US</OtherIssuerCountryText><OtherIssuerStateText>NY</OtherIssuerStateText><PartyIdentificationNumberText>D123</PartyIdentificationNumberText><PartyIdentificationTypeCode>5</PartyIdentificationTypeCode>',
      // Hamad: a foreign TIN and passport; BHD as foreign currency in, in dollars, with the currency's country.
      '<PartyIdentificationNumberText>BH-998877</PartyIdentificationNumberText><PartyIdentificationTypeCode>9</PartyIdentificationTypeCode>',
      '<CurrencyTransactionActivityDetailTypeCode>53</CurrencyTransactionActivityDetailTypeCode><DetailTransactionAmountText>13298</DetailTransactionAmountText><OtherCurrencyTransactionActivityDetailText></OtherCurrencyTransactionActivityDetailText><OtherForeignCurrencyCountryText>BH</OtherForeignCurrencyCountryText>',
      '<CurrencyTransactionActivityDetailTypeCode>53</CurrencyTransactionActivityDetailTypeCode><DetailTransactionAmountText>10720</DetailTransactionAmountText>',
      // The institution and the branch.
      '<RawPartyFullName>Fidelis Community Bank, Downtown</RawPartyFullName>',
      '<PartyIdentificationNumberText>7654321</PartyIdentificationNumberText><PartyIdentificationTypeCode>14</PartyIdentificationTypeCode>',
    ]) {
      expect(xml).toContain(field);
    }
  });
});

describe('hostile names', () => {
  it('come out inert in CSV: formulas prefixed with an apostrophe, no control characters', async () => {
    await exportReport({ kind: 'ctr', format: 'csv', out: 'ctr.csv' });
    const csv = readFileSync(dir.join('ctr.csv'), 'utf8');
    expect(csv).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u202E]/);
    // Every field a spreadsheet would evaluate starts with an apostrophe, quoted or not.
    const fields = csv.split('\r\n').flatMap((line) => line.match(/("([^"]|"")*"|[^,]*)/g) ?? []).map((f) => f.replace(/^"|"$/g, ''));
    expect(fields.filter((f) => /^\s*[=+@]/.test(f) || /^-(?!\d+(\.\d+)?$)/.test(f))).toEqual([]);
    expect(csv).toContain(`'=HYPERLINK(""http://evil.example"",""click"")`);
    expect(csv).toContain("'+cmd|/C calc!A0");
    expect(csv).toContain("'@SUM(1)");
    expect(csv).toContain('NulByte Name');
    expect(csv).toContain('Rtl evil.exe Name');
  });

  it('come out inert in XLSX: text cells (never formulas) with the apostrophe; amounts are numbers in their currency', async () => {
    await exportReport({ kind: 'ctr', format: 'xlsx', out: 'ctr.xlsx' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(dir.join('ctr.xlsx'));
    const sheet = workbook.getWorksheet('Report')!;
    const header = sheet.getRow(1).values as unknown[];
    const customerColumn = header.indexOf('customer');
    const amountColumn = header.indexOf('amount');
    const hostileRows = sheet.getRows(2, sheet.rowCount - 1)!.filter((row) => String(row.getCell(header.indexOf('customerId')).value).startsWith('hostile-'));
    const names = hostileRows.map((row) => row.getCell(customerColumn));
    expect(names.every((cell) => cell.type === ExcelJS.ValueType.String && cell.formula === undefined)).toBe(true);
    // Lines are ordered by customer name; which names, not their order, is the point here.
    expect(names.map((cell) => cell.value).sort()).toEqual(["'=HYPERLINK(\"http://evil.example\",\"click\")", "'+cmd|/C calc!A0", "'@SUM(1)", 'NulByte Name', 'Rtl evil.exe Name', "'-2+3 Minus"].sort());
    const amount = hostileRows[0]!.getCell(amountColumn);
    expect(amount.value).toBe(12000);
    expect(amount.numFmt).toBe('#,##0.00 "USD";-#,##0.00 "USD"');
  });

  it('come out well-formed in the FinCEN XML, the removed characters listed in the manifest', async () => {
    const manifest = await exportReport({ kind: 'ctr', format: 'fincen-xml', out: 'hostile.xml' });
    const xml = readFileSync(dir.join('hostile.xml'), 'utf8');
    await expectValid(xml);
    expect(xml).not.toMatch(/[\u0000\u202E]/);
    expect(xml).toContain('<RawEntityIndividualLastName>=HYPERLINK(');
    expect(manifest.cleaned).toEqual([
      { where: 'Name of customer hostile-3 (CTR of 2026-03-02)', removed: ['U+0000'] },
      { where: 'Name of customer hostile-4 (CTR of 2026-03-02)', removed: ['U+202E'] },
    ]);
    expect(manifest.warnings.filter((w) => w.includes('removed'))).toHaveLength(2);
  });
});

describe("the branch's business day", () => {
  it('cuts at New York midnight across the spring-forward night, and the report’s cut-off is that midnight', async () => {
    await customer('nia', 'Nia Night');
    await account('nia-1', ['nia']);
    await customer('omar', 'Omar Overnight');
    await account('omar-1', ['omar']);
    // Omar: 23:30 EST on the 7th and 00:30 EST on the 8th — two business days, no CTR (a UTC day would have made one).
    await cash('omar-1', '6000.00', '2026-03-08T04:30:00.000Z');
    await cash('omar-1', '6000.00', '2026-03-08T05:30:00.000Z');
    // Nia: 00:30 EST and 23:30 EDT on the 8th (a 23-hour day): one business day, one CTR.
    await cash('nia-1', '6000.00', '2026-03-08T05:30:00.000Z');
    await cash('nia-1', '6000.00', '2026-03-09T03:30:00.000Z');
    now = new Date('2026-03-10T14:00:00.000Z');
    const manifest = await exportReport({ kind: 'ctr', date: '2026-03-08', format: 'json', out: 'dst.json' });
    expect(ctrLines(jsonRows('dst.json'))).toEqual([['nia', '12000.00', '0.00']]);
    expect(manifest.asOf.recordedBefore).toBe('2026-03-09T04:00:00.000Z');
    const before = await exportReport({ kind: 'ctr', date: '2026-03-07', format: 'json', out: 'dst-7.json' });
    expect(ctrLines(jsonRows('dst-7.json'))).toEqual([]);
    expect(before.asOf.recordedBefore).toBe('2026-03-08T05:00:00.000Z');
  });
});

describe('refusals', () => {
  it('refuses the CTR of a day with foreign cash and no rate, naming day and currency, and writes nothing', async () => {
    // Later than anything recorded before: the clock only moves forward.
    await at('2026-03-11T14:00:00.000Z', { type: 'RegisterCustomer', customerId: 'eve', kind: 'PERSON', legalName: 'Eve Euro' });
    await at('2026-03-11T14:00:00.000Z', { type: 'OpenAccount', accountId: 'eve-1', number: 'EVE-1', owners: ['eve'], currency: 'EUR' });
    await cash('eve-1', '50.00', '2026-03-11T15:00:00.000Z');
    now = new Date('2026-03-12T14:00:00.000Z');
    await expect(exportReport({ kind: 'ctr', date: '2026-03-11', format: 'csv', out: 'no-rate.csv' })).rejects.toMatchObject({ code: 'RATE_MISSING', field: 'rates', message: expect.stringContaining('EUR rate is recorded for 2026-03-11') });
    expect(existsSync(dir.join('no-rate.csv'))).toBe(false);
    expect(existsSync(dir.join('no-rate.csv.partial'))).toBe(false);
  });

  it('refuses a FinCEN batch while the institution lacks a detail, naming it', async () => {
    const bare = await createHost({ inMemory: true });
    try {
      await bare.execute({ type: 'RecordInstitution', branchId: bare.settings.branchId, changes: { name: 'Half Bank', ein: '123456789' } });
      await expect(bare.reports.export({ kind: 'ctr', date: DAY, format: 'fincen-xml', out: dir.join('half.xml') })).rejects.toMatchObject({ code: 'INSTITUTION_NOT_SET', message: expect.stringContaining('--rssd') });
      expect(existsSync(dir.join('half.xml'))).toBe(false);
    } finally {
      await bare.close();
    }
  });
});

describe('the audit trail', () => {
  it('names the actor, the approver and the workstation of an approved withdrawal', async () => {
    const staff = await seedTestStaff(host, ['teller', 'supervisor']);
    await cash('wes-1', '20000.00', '2026-03-13T14:00:00.000Z');
    now = new Date('2026-03-13T15:00:00.000Z');
    await host.executeAs(staff.teller, { type: 'MakeWithdrawal', accountId: 'WES-1', amount: '10500.00' }, { commandId: 'approved-1' }, { username: 'supervisor', password: STAFF_PASSWORD });
    now = new Date('2026-03-14T14:00:00.000Z');
    await exportReport({ kind: 'audit', date: '2026-03-13', format: 'json', out: 'audit.json' });
    const row = jsonRows('audit.json').find((r) => r.commandId === 'approved-1')!;
    expect(row).toMatchObject({ actor: 'teller', approvedBy: 'supervisor', workstation: host.settings.deviceId });
  });
});
