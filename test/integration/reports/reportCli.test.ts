/** `fidelis account holder-details` and `fidelis report` from the command line, on an on-disk data dir. */

import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../support/processes.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

let dir: TempDir;
beforeAll(() => {
  dir = makeTempDir('fidelis-report-cli-');
});
afterAll(() => dir.remove());

it('records holder details and writes today’s CTR as a FinCEN batch with its manifest, progress on stderr', async () => {
  const data = ['--data-dir', dir.join('data')];
  const opened = await runCli(['account', 'open', '--number', '555', '--holder', 'Grace Hopper', ...data, '--json']);
  expect(opened.code).toBe(0);
  const { accountId } = opened.json as { accountId: string };
  const details = await runCli(['account', 'holder-details', accountId, '--street', '1 Navy Way', '--city', 'Arlington', '--state', 'va', '--zip', '22201', '--dob', '1906-12-09', '--id-type', 'passport', '--id-number', 'X99', ...data]);
  expect(details.code).toBe(0);
  expect((await runCli(['account', 'deposit', accountId, '--amount', '12000.00', '--source-type', 'cash', ...data])).code).toBe(0);

  const today = new Date().toISOString().slice(0, 10);
  const out = dir.join('ctr.xml');
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

  const refused = await runCli(['report', 'large', '--date', today, '--format', 'fincen-xml', '--out', dir.join('large.xml'), ...data]);
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toContain('fincen-xml is the CTR batch format');
  expect(existsSync(dir.join('large.xml'))).toBe(false);
  // Five CLI processes of about 2 s each; more on a loaded 2-core machine.
}, 90_000);
