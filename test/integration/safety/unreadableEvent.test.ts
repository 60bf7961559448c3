/**
 * Issue 19, item 3: never decide on what cannot be read. A money event of a version this release cannot read (a raw
 * DepositMade.v9, as a newer Fidelis would write it, or sync would bring it) makes its account refuse commands with
 * UNREADABLE_EVENT — no withdrawal is decided on a balance that leaves it out — and the balance is shown flagged;
 * reports and doctor list such events apart. Other accounts are not affected.
 */

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../main/host.js';
import { runCli } from '../../support/processes.js';
import { seedTestStaff, TEST_STAFF_SETTINGS } from '../../support/staffFixtures.js';
import { makeTempDir } from '../../support/tempDir.js';

const dir = makeTempDir('fidelis-unreadable-');
let host: Host;
let closed = false;

beforeAll(async () => {
  host = await createHost({ dataDir: dir.path, settings: TEST_STAFF_SETTINGS });
  await seedTestStaff(host);
  for (const accountId of ['u1', 'u2']) await host.execute({ type: 'OpenAccount', accountId, number: `U-${accountId}`, holder: `Holder ${accountId}`, openingDeposit: '100.00' });
  const opened = await host.readStream('account-u1');
  // 9,000.00 deposited by a Fidelis that writes DepositMade v9: this release reads up to an older version.
  await host.store.append({
    streamId: 'account-u1',
    expected: opened.length - 1,
    events: [{ type: 'Fidelis.DepositMade.v9', data: { accountId: 'u1', amount: '900000', currency: 'USD', sourceType: 'cash', channel: 'counter', ledgerBucket: 'new' }, occurredAt: new Date().toISOString() }],
    meta: { commandId: 'from-the-future', correlationId: 'from-the-future', causationId: 'from-the-future', actor: 'tom', deviceId: 'newer-workstation', branchId: 'BR001' },
    commandHash: 'from-the-future',
  });
}, 60_000);

afterAll(async () => {
  if (host && !closed) await host.close();
  dir.remove();
});

describe('an account holding a money event this release cannot read', { timeout: 60_000 }, () => {
  it('refuses a withdrawal with UNREADABLE_EVENT instead of deciding on the balance without it, and stores nothing', async () => {
    const version = await host.store.streamVersion('account-u1');
    await expect(host.execute({ type: 'MakeWithdrawal', accountId: 'u1', amount: '50.00' })).rejects.toMatchObject({
      code: 'UNREADABLE_EVENT',
      field: 'streamId',
      message: expect.stringContaining('account-u1 holds 1 event(s) this Fidelis cannot read (Fidelis.DepositMade.v9'),
    });
    await expect(host.execute({ type: 'MakeDeposit', accountId: 'u1', amount: '1.00', sourceType: 'check' })).rejects.toMatchObject({ code: 'UNREADABLE_EVENT' });
    expect(await host.store.streamVersion('account-u1')).toBe(version);
  });

  it('shows the balance flagged as leaving the event out, not as if it were whole', async () => {
    expect(await host.getAccount('u1')).toMatchObject({ balance: '100.00', unreadable: { events: 1, types: ['Fidelis.DepositMade.v9'] } });
    expect(await host.getAccount('u2')).not.toHaveProperty('unreadable');
  });

  it('leaves the other accounts working', async () => {
    await host.execute({ type: 'MakeWithdrawal', accountId: 'u2', amount: '50.00' });
    expect((await host.getAccount('u2'))?.balance).toBe('50.00');
  });

  it('is listed apart by the reports, and left out of their figures', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const manifest = await host.reports.export({ kind: 'large', date: day, format: 'json', out: dir.join('large.json') });
    expect(manifest.unreadableEvents).toEqual([{ seq: expect.any(Number), streamId: 'account-u1', type: 'Fidelis.DepositMade.v9' }]);
    expect(manifest.warnings).toContain(
      `Not included: event seq ${manifest.unreadableEvents[0]!.seq} of account-u1 is a Fidelis.DepositMade.v9, which this Fidelis cannot read; install the Fidelis that reads it and run the report again.`,
    );
    expect(readFileSync(dir.join('large.json'), 'utf8')).toContain('is a Fidelis.DepositMade.v9, which this Fidelis cannot read');
  });

  it('is listed apart by doctor, with what to do', async () => {
    await host.close();
    closed = true;
    const doctor = await runCli(['doctor', '--data-dir', dir.path, '--json']);
    expect(doctor.code).toBe(2);
    expect(doctor.json).toMatchObject({ healthy: false, chain: { damaged: [] }, unreadable: [{ streamId: 'account-u1', events: 1, types: ['Fidelis.DepositMade.v9'] }] });
    const text = await runCli(['doctor', '--data-dir', dir.path]);
    expect(text.stdout).toContain('Stream account-u1 holds 1 event(s) this Fidelis cannot read (Fidelis.DepositMade.v9): its commands are refused until the Fidelis that reads them is installed.');
  });
});
