/**
 * A data dir written before customers, account numbers' reservations and typed channels: its accounts' holders
 * become customers (derived from each account, with the details recorded on it), their numbers stay theirs, and
 * their movements keep the channel they were booked by — without one stored byte changing.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { createHost, type Host } from '../../../main/host.js';
import { commitId, type CommitDocument } from '../../../main/store/commitSchema.js';
import { onDiskIndexedDb } from '../../../main/store/indexedDb/onDisk.js';
import { openLedgerDatabase } from '../../../main/store/ledgerDatabase.js';

const dataDir = mkdtempSync(join(tmpdir(), 'fidelis-customers-migration-'));
let seq = 0;

/** One commit of one event, as the first releases wrote them (no chain hash, no format.json). */
function legacyCommit(accountId: string, version: number, type: string, data: Record<string, unknown>, day: string): CommitDocument {
  const streamId = `account-${accountId}`;
  const commandId = `legacy-${accountId}-${version}`;
  const event: EventEnvelope = {
    id: `01LEGACY${accountId.toUpperCase().padEnd(8, '0')}${String(version).padStart(10, '0')}`,
    type,
    streamId,
    version,
    seq: ++seq,
    gpos: null,
    occurredAt: `${day}T15:00:00.000Z`,
    recordedAt: `${day}T15:00:00.000Z`,
    data,
    meta: { commandId, correlationId: commandId, causationId: commandId, actor: 'old-teller', deviceId: 'old-device', branchId: 'BR001' },
  };
  return { id: commitId(streamId, version), streamId, version, lastSeq: event.seq, commandId, commandHash: commandId, events: [event] };
}

/** Two accounts of two people who share a name; one had holder details recorded; a transfer leg and a cash withdrawal. */
const rawCommits: CommitDocument[] = [
  legacyCommit('sam1', 0, 'Fidelis.AccountOpened.v1', { accountId: 'sam1', number: 'OLD-1', holder: 'Sam Same', currency: 'USD', openingDeposit: '500000', overdraftLimit: '0' }, '2024-03-01'),
  legacyCommit('sam1', 1, 'Fidelis.HolderDetailsRecorded.v1', {
    accountId: 'sam1',
    street: '1 Elm Street',
    city: 'Springfield',
    state: 'IL',
    zip: '62701',
    country: 'US',
    dateOfBirth: '1970-01-02',
    idType: 'SSN',
    idNumber: '111223333',
  }, '2024-03-01'),
  legacyCommit('sam1', 2, 'Fidelis.WithdrawalMade.v1', { accountId: 'sam1', amount: '10000', reference: 'transfer:T-OLD' }, '2024-03-02'),
  legacyCommit('sam1', 3, 'Fidelis.WithdrawalMade.v1', { accountId: 'sam1', amount: '20000', reference: 'ATM' }, '2024-03-02'),
  legacyCommit('sam2', 0, 'Fidelis.AccountOpened.v1', { accountId: 'sam2', number: 'OLD-2', holder: 'Sam Same', currency: 'USD', openingDeposit: '0', overdraftLimit: '0' }, '2024-03-01'),
];

let host: Host;

beforeAll(async () => {
  const seeding = await openLedgerDatabase(onDiskIndexedDb(dataDir));
  await seeding.collections.commits.bulkInsert(rawCommits);
  await seeding.close();
  host = await createHost({ dataDir });
  // A data dir from before them builds the customer and account directories in the background, from its events.
  await host.processing.settle();
});

afterAll(async () => {
  await host?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('accounts from before customers', () => {
  it('are owned by a customer derived from each account, with the holder details recorded on it', async () => {
    expect(await host.getAccount('sam1')).toMatchObject({ number: 'OLD-1', holder: 'Sam Same', owners: ['acct-sam1'], balance: '4700.00' });
    expect(await host.customers.ownersOf('sam1')).toEqual([
      {
        customerId: 'acct-sam1',
        kind: 'PERSON',
        legalName: 'Sam Same',
        derived: true,
        address: { line1: '1 Elm Street', city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' },
        dateOfBirth: '1970-01-02',
        tin: '111223333',
        tinType: 'SSN',
      },
    ]);
    expect(await host.customers.accountsOf('acct-sam2')).toEqual(['sam2']);
  });

  it('keeps two people of one name apart: one customer per account, found by name or by the TIN recorded', async () => {
    expect((await host.customers.search('same')).items.map((c) => c.customerId).sort()).toEqual(['acct-sam1', 'acct-sam2']);
    expect((await host.customers.search('111-22-3333')).items.map((c) => c.customerId)).toEqual(['acct-sam1']);
  });

  it('registers a derived customer at their first change, from what the account knew, under the same id', async () => {
    await host.execute({ type: 'ChangeCustomerDetails', customerId: 'acct-sam2', changes: { tin: '444-55-6666', tinType: 'SSN' } });
    const stream = await host.readStream('customer-acct-sam2');
    expect(stream.map((e) => [e.type, e.data])).toEqual([
      ['Fidelis.CustomerRegistered.v1', { customerId: 'acct-sam2', kind: 'PERSON', legalName: 'Sam Same' }],
      ['Fidelis.CustomerDetailsChanged.v1', { customerId: 'acct-sam2', changes: { tin: '444556666', tinType: 'SSN' } }],
    ]);
    expect(await host.customers.customer('acct-sam2')).toMatchObject({ derived: false, tin: '444556666' });
    // Still the owner of its account: nothing about the account changed.
    expect((await host.customers.ownersOf('sam2')).map((c) => c.customerId)).toEqual(['acct-sam2']);
  });

  it('keeps their numbers: a new account cannot take one, and staff name them by it', async () => {
    await expect(host.execute({ type: 'OpenAccount', number: 'old-1', holder: 'New Person' })).rejects.toMatchObject({ code: 'ACCOUNT_NUMBER_TAKEN', field: 'number' });
    expect(await host.accountResolver.resolve('OLD-2')).toBe('sam2');
    const deposit = await host.execute({ type: 'MakeDeposit', accountId: 'OLD-2', amount: '5.00' });
    expect(deposit.aggregateId).toBe('sam2');
  });

  it('books their movements as the books of the time did: the transfer leg through clearing, the rest in cash', async () => {
    await host.processing.settle();
    const entries = await host.readModels.journal.entriesOf('sam1');
    expect(entries.map((e) => [e.description, e.lines.find((l) => l.account.startsWith('branch:'))!.account])).toEqual([
      ['Opening deposit', 'branch:teller-cash'],
      ['Transfer debit', 'branch:clearing'],
      ['Cash withdrawal', 'branch:teller-cash'],
    ]);
  });

  it('changes no stored byte', async () => {
    const stored = [...(await host.readStream('account-sam1')), ...(await host.readStream('account-sam2'))].filter((e) => e.id.startsWith('01LEGACY'));
    const raw = rawCommits.flatMap((c) => c.events);
    expect(stored.map(({ seq: _seq, ...e }) => e)).toEqual(raw.map(({ seq: _seq, ...e }) => e));
  });
});
