/** The CLI over a real data dir: temporal `account show`, `events trace` and `snapshot create` (one process per command). */

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost } from '../../../main/host.js';
import { DATA_FORMAT } from '../../../main/store/formatVersion.js';
import { CLI_STAFF_ENV } from '../../support/processes.js';
import { TEST_STAFF_SETTINGS, seedTestStaff } from '../../support/staffFixtures.js';

const dataDir = mkdtempSync(join(tmpdir(), 'fidelis-cli-explore-'));
const bin = join(import.meta.dirname, '../../../bin/fidelis.js');

const fidelis = (...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [bin, ...args, '--data-dir', dataDir], { timeout: 120_000, env: { ...process.env, ...CLI_STAFF_ENV } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });

beforeAll(async () => {
  // The history is written with a controlled clock, then the host lets go of the dir for the CLI processes.
  let now = new Date('2026-03-02T09:00:00.000Z');
  const host = await createHost({ dataDir, clock: () => now, settings: { factEvents: false, ...TEST_STAFF_SETTINGS } });
  await seedTestStaff(host, ['all']);
  const steps: [string, Record<string, unknown>][] = [
    ['2026-03-02T09:00:00.000Z', { type: 'OpenAccount', accountId: 'h1', number: 'H-1', holder: 'Hugo', openingDeposit: '1000' }],
    ['2026-03-02T10:00:00.000Z', { type: 'MakeDeposit', accountId: 'h1', amount: '500' }],
    ['2026-03-02T11:00:00.000Z', { type: 'MakeDeposit', accountId: 'h1', amount: '200' }],
    ['2026-03-02T12:00:00.000Z', { type: 'MakeWithdrawal', accountId: 'h1', amount: '500' }],
    ['2026-03-02T13:00:00.000Z', { type: 'MakeDeposit', accountId: 'h1', amount: '300' }],
  ];
  for (const [index, [time, command]] of steps.entries()) {
    now = new Date(time);
    await host.execute(command, { correlationId: index === 1 ? 'corr-cli' : undefined, commandId: `cmd-${index}`, actor: 'teller-9' });
  }
  await host.close();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('fidelis on a data dir', () => {
  it('records the data format of a new data dir', () => {
    expect(JSON.parse(readFileSync(join(dataDir, 'format.json'), 'utf8'))).toMatchObject({ format: DATA_FORMAT, migrations: [] });
  });

  it('account show --as-of shows the account as it was, read-only', async () => {
    const { code, stdout } = await fidelis('account', 'show', 'h1', '--as-of', '2026-03-02T11:30:00Z', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ balance: '1700.00', version: 2, readOnly: true, headVersion: 4, pointInTime: { version: 2, asOf: '2026-03-02T11:30:00.000Z' } });
  });

  it('account show with both --at-version and --as-of is refused (exit 2, VALIDATION)', async () => {
    const { code, stdout, stderr } = await fidelis('account', 'show', 'h1', '--at-version', '2', '--as-of', '2026-03-02T11:30:00Z', '--json');
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({ error: { code: 'VALIDATION', field: 'asOf', message: 'Give either a version (--at-version) or a time (--as-of), not both.' } });
    expect(stderr).toContain('not both');
  });

  it('events trace prints the causation tree with times, and snapshot create takes one', async () => {
    const trace = await fidelis('events', 'trace', 'corr-cli');
    expect(trace.code).toBe(0);
    expect(trace.stdout.split('\n').slice(0, 3)).toEqual([
      'correlation corr-cli',
      '  command MakeDeposit  cmd-1  2026-03-02T10:00:00.000Z  by teller-9',
      expect.stringMatching(/^ {4}event {3}Fidelis\.DepositMade\.v4 {2}account-h1@1 {2}\S+ {2}2026-03-02T10:00:00\.000Z$/),
    ]);
    const snapshot = await fidelis('snapshot', 'create', '--id', 'h1', '--json');
    expect(snapshot.code).toBe(0);
    expect(JSON.parse(snapshot.stdout)).toEqual({ created: 1, streams: 1 });
  });
});
