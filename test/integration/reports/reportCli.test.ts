/** `fidelis report`, `fidelis branch set` and `fidelis rates set|list` from the command line, on an on-disk data dir. */

import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../support/processes.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

let dir: TempDir;
beforeAll(() => {
  dir = makeTempDir('fidelis-report-cli-');
});
afterAll(() => dir.remove());

it('refuses a FinCEN batch until the institution is recorded, then writes today’s CTR with its manifest, progress on stderr', async () => {
  const data = ['--data-dir', dir.join('data')];
  const opened = await runCli(['account', 'open', '--number', '555', '--holder', 'Grace Hopper', ...data, '--json']);
  expect(opened.code).toBe(0);
  const { accountId } = opened.json as { accountId: string };
  const details = await runCli(['account', 'holder-details', accountId, '--street', '1 Navy Way', '--city', 'Arlington', '--state', 'va', '--zip', '22201', '--dob', '1906-12-09', '--id-type', 'passport', '--id-number', 'X99', ...data]);
  expect(details.code).toBe(0);
  expect((await runCli(['account', 'deposit', accountId, '--amount', '12000.00', '--source-type', 'cash', ...data])).code).toBe(0);

  const today = new Date().toISOString().slice(0, 10);
  const out = dir.join('ctr.xml');
  const unset = await runCli(['report', 'ctr', '--date', today, '--format', 'fincen-xml', '--out', out, ...data]);
  expect(unset.code).not.toBe(0);
  expect(unset.stderr).toMatch(/INSTITUTION_NOT_SET|filing details are not complete/);
  expect(unset.stderr).toContain('--rssd');
  expect(existsSync(out)).toBe(false);

  const institution = ['--name', 'Fidelis Community Bank', '--ein', '12-3456789', '--rssd', '1234567', '--regulator', 'fdic', '--street', '1 Main Street', '--city', 'Springfield', '--state', 'IL', '--zip', '62701', '--country', 'US'];
  const branch = ['--branch-street', '200 Market Street', '--branch-city', 'Springfield', '--branch-state', 'IL', '--branch-zip', '62702', '--branch-country', 'US', '--transmitter-control-code', 'TBSATEST', '--contact-name', 'Compliance Officer', '--phone', '217 555 0100'];
  const set = await runCli(['branch', 'set', ...institution, ...branch, ...data]);
  expect(set.code).toBe(0);
  expect(set.stdout).toContain('complete: FinCEN exports may run');

  const report = await runCli(['report', 'ctr', '--date', today, '--format', 'fincen-xml', '--out', out, ...data, '--json']);
  expect(report.code).toBe(0);
  expect(report.stderr).toMatch(/report ctr/);
  const manifest = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')) as { sha256: string; asOf: { basis: string }; totals: Record<string, string> };
  expect(manifest).toMatchObject({ asOf: { basis: 'head' }, totals: { batchTotalAmount: '12000', batchActivityCount: '1' } });
  expect(report.json).toMatchObject({ sha256: manifest.sha256 });
  const xml = readFileSync(out, 'utf8');
  expect(xml).toContain('<RawEntityIndividualLastName>Hopper</RawEntityIndividualLastName>');
  expect(xml).toContain('<RawStateCodeText>VA</RawStateCodeText>');
  expect(xml).toContain('<IndividualBirthDateText>19061209</IndividualBirthDateText>');
  expect(xml).toContain('<PartyIdentificationNumberText>1234567</PartyIdentificationNumberText><PartyIdentificationTypeCode>14</PartyIdentificationTypeCode>');
  expect(xml).toContain('<RawStreetAddress1Text>200 Market Street</RawStreetAddress1Text>');

  const refused = await runCli(['report', 'large', '--date', today, '--format', 'fincen-xml', '--out', dir.join('large.xml'), ...data]);
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toContain('fincen-xml is the CTR batch format');
  expect(existsSync(dir.join('large.xml'))).toBe(false);
  // Seven CLI processes of about 2 s each; more on a loaded 2-core machine.
}, 120_000);

it('records a day’s exchange rate as US dollars per unit and lists it; a different rate the same day needs a reason', async () => {
  const data = ['--data-dir', dir.join('rates')];
  const set = await runCli(['rates', 'set', '--date', '2026-03-02', '--currency', 'jpy', '--usd-per-unit', '0.006700', ...data]);
  expect(set.code).toBe(0);
  expect(set.stdout).toContain('2026-03-02  JPY  0.0067 USD per unit');
  const again = await runCli(['rates', 'set', '--date', '2026-03-02', '--currency', 'JPY', '--usd-per-unit', '0.0068', ...data]);
  expect(again.code).not.toBe(0);
  expect(again.stderr).toContain('--reason');
  const list = await runCli(['rates', 'list', '--currency', 'JPY', ...data, '--json']);
  expect(list.json).toMatchObject({ rates: [{ day: '2026-03-02', currency: 'JPY', usdPerUnit: '0.0067', recordedBy: 'all', revisions: 1 }] });
}, 60_000);
