/**
 * Customers and account numbers through a whole host and its API: staff register customers, open (joint) accounts
 * for them, find them by name or TIN, and name accounts by number everywhere; a number is used once in the branch.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from '@fidelis/shared/api/errors.js';
import { isDomainError } from '@fidelis/shared/errors.js';
import { createApiRouter } from '../../../main/api/router.js';
import type { ApiConnection } from '../../../main/api/router.js';
import { createHost, type Host } from '../../../main/host.js';
import { resultOf, staffConnections, TEST_STAFF_SETTINGS } from '../../support/staffFixtures.js';

let host: Host;
let teller: ApiConnection;
let compliance: ApiConnection;

const refusalOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error.toJSON();
    throw error;
  }
  throw new Error('expected a refusal');
};
const errorOf = (response: ApiResponse) => {
  if (response.ok) throw new Error(`expected a refusal, got ${JSON.stringify(response.result)}`);
  return response.error;
};

const ada = {
  kind: 'PERSON',
  legalName: 'Ada Lovelace',
  address: { line1: '12 St James Square', city: 'London', country: 'gb' },
  dateOfBirth: '1815-12-10',
  identification: { type: 'PASSPORT', number: 'X1234567', issuer: 'GB' },
  tin: '123-45-6789',
  tinType: 'SSN',
} as const;

let adaId: string;
let bobId: string;
let jointId: string;

beforeAll(async () => {
  host = await createHost({ inMemory: true, settings: { ...TEST_STAFF_SETTINGS, factEvents: false } });
  const connections = await staffConnections(host, createApiRouter(host));
  teller = connections.teller;
  compliance = connections.compliance;
  adaId = resultOf<{ customerId: string }>(await teller.call('customers.register', { ...ada, commandId: 'reg-ada' })).customerId;
  bobId = resultOf<{ customerId: string }>(await teller.call('customers.register', { kind: 'PERSON', legalName: 'Bob Byron' })).customerId;
  jointId = resultOf<{ accountId: string }>(await teller.call('account.open', { number: 'J-100', owners: [adaId, bobId], openingDeposit: '250.00', openingDepositSource: 'check' })).accountId;
});

afterAll(async () => {
  await host?.close();
});

describe('customers', () => {
  it('registers a customer with what regulatory reports need, the TIN kept whole in main and masked on screen', async () => {
    expect(await host.customers.customer(adaId)).toMatchObject({ customerId: adaId, legalName: 'Ada Lovelace', tin: '123456789', tinType: 'SSN', address: { country: 'GB' }, derived: false });
    const shown = resultOf<{ customer: Record<string, unknown> }>(await compliance.call('customers.get', { customerId: adaId }));
    expect(shown.customer).toMatchObject({ legalName: 'Ada Lovelace', tinMasked: '•••••6789', tinType: 'SSN' });
    expect(JSON.stringify(shown)).not.toContain('123456789');
    const [registered] = await host.readStream(`customer-${adaId}`);
    expect(registered).toMatchObject({ type: 'Fidelis.CustomerRegistered.v1', meta: { actor: 'teller' } });
  });

  it('opens a joint account for its owners, the primary first, its holder the primary owner', async () => {
    expect(await host.getAccount(jointId)).toMatchObject({ number: 'J-100', holder: 'Ada Lovelace', owners: [adaId, bobId], balance: '250.00' });
    expect((await host.customers.ownersOf(jointId)).map((c) => c.legalName)).toEqual(['Ada Lovelace', 'Bob Byron']);
    expect(await host.customers.accountsOf(bobId)).toEqual([jointId]);
    const bob = resultOf<{ accounts: unknown[] }>(await teller.call('customers.get', { customerId: bobId }));
    expect(bob.accounts).toEqual([{ accountId: jointId, number: 'J-100', currency: 'USD', status: 'ACTIVE', primary: false }]);
    // Who owns it, asked by the number staff know.
    const owners = resultOf<{ owners: { customerId: string }[] }>(await teller.call('customers.owners', { account: 'j-100' }));
    expect(owners.owners.map((o) => o.customerId)).toEqual([adaId, bobId]);
  });

  it('finds customers by a word of their name or by their whole TIN, however it is typed', async () => {
    const names = (found: { items: { legalName: string }[] }) => found.items.map((c) => c.legalName).sort();
    expect(names(resultOf(await teller.call('customers.search', { search: 'love' })))).toEqual(['Ada Lovelace']);
    expect(names(resultOf(await teller.call('customers.search', { search: 'B' })))).toEqual(['Bob Byron']);
    expect(names(resultOf(await teller.call('customers.search', { search: '123456789' })))).toEqual(['Ada Lovelace']);
    expect(names(resultOf(await teller.call('customers.search', { search: '123-45-6789' })))).toEqual(['Ada Lovelace']);
    // Part of a TIN finds nobody: strangers' numbers are not browsed digit by digit.
    expect(names(resultOf(await teller.call('customers.search', { search: '6789' })))).toEqual([]);
  });

  it('records a change of details with who made it, and finds the customer by the new name only', async () => {
    resultOf(await teller.call('customers.update', { customerId: bobId, changes: { legalName: 'Robert Byron', occupation: 'Poet' } }));
    expect(await host.customers.customer(bobId)).toMatchObject({ legalName: 'Robert Byron', occupation: 'Poet' });
    const [, changed] = await host.readStream(`customer-${bobId}`);
    expect(changed).toMatchObject({ type: 'Fidelis.CustomerDetailsChanged.v1', data: { changes: { legalName: 'Robert Byron', occupation: 'Poet' } }, meta: { actor: 'teller' } });
    expect((await host.customers.search('bob')).total).toBe(0);
    expect((await host.customers.search('rob')).items.map((c) => c.customerId)).toEqual([bobId]);
  });

  it('refuses an opening for a customer nobody registered, and one a compliance officer asks for', async () => {
    expect(errorOf(await teller.call('account.open', { number: 'J-101', owners: ['no-such-customer'] }))).toMatchObject({ code: 'CUSTOMER_NOT_FOUND', field: 'owners' });
    expect(errorOf(await compliance.call('customers.register', { kind: 'PERSON', legalName: 'X' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await host.accountResolver.find('J-101')).toBeUndefined();
  });

  it('knows a holder named alone as a customer derived from the account, registered by their first change', async () => {
    const { aggregateId } = await host.execute({ type: 'OpenAccount', number: 'H-1', holder: 'Hana Holder' });
    const [derived] = await host.customers.ownersOf(aggregateId);
    expect(derived).toMatchObject({ customerId: `acct-${aggregateId}`, legalName: 'Hana Holder', derived: true });
    expect(await host.readStream(`customer-acct-${aggregateId}`)).toEqual([]);
    await host.execute({ type: 'ChangeCustomerDetails', customerId: derived!.customerId, changes: { dateOfBirth: '1990-01-01' } });
    expect((await host.readStream(`customer-acct-${aggregateId}`)).map((e) => e.type)).toEqual(['Fidelis.CustomerRegistered.v1', 'Fidelis.CustomerDetailsChanged.v1']);
    expect(await host.customers.customer(derived!.customerId)).toMatchObject({ legalName: 'Hana Holder', dateOfBirth: '1990-01-01', derived: false });
  });
});

describe('account numbers', () => {
  it('refuses a number already used in the branch, whatever its case, with ACCOUNT_NUMBER_TAKEN on number, and stores nothing', async () => {
    const before = host.store.headSeq();
    for (const number of ['J-100', 'j-100', ' J-100 ']) {
      expect(await refusalOf(host.execute({ type: 'OpenAccount', number, holder: 'Someone Else' }))).toMatchObject({ code: 'ACCOUNT_NUMBER_TAKEN', field: 'number', message: expect.stringMatching(/J-100/i) });
    }
    expect(errorOf(await teller.call('account.open', { number: 'J-100', owners: [bobId] }))).toMatchObject({ code: 'ACCOUNT_NUMBER_TAKEN', field: 'number' });
    expect(host.store.headSeq()).toBe(before);
  });

  it('lets only one of two openings racing for one number through', async () => {
    const results = await Promise.allSettled(['R-A', 'R-B', 'R-C'].map((holder) => host.execute({ type: 'OpenAccount', number: 'RACE-1', holder })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const refused of results.filter((r) => r.status === 'rejected')) expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: 'ACCOUNT_NUMBER_TAKEN' });
  });

  it('answers a retried opening with its first result, though the number is now taken (by it)', async () => {
    const first = await host.execute({ type: 'OpenAccount', number: 'RT-1', holder: 'Retry Rita' }, { commandId: 'open-rt-1' });
    const again = await host.execute({ type: 'OpenAccount', number: 'RT-1', holder: 'Retry Rita' }, { commandId: 'open-rt-1' });
    expect(again).toMatchObject({ aggregateId: first.aggregateId, duplicate: true });
  });

  it('refuses an opening that would be refused before taking its number', async () => {
    expect(await refusalOf(host.execute({ type: 'OpenAccount', number: 'BAD-1', holder: 'Bad Amount', openingDeposit: '1.001' }))).toMatchObject({ code: 'INVALID_AMOUNT' });
    expect(await host.readStream('accountnumber-BR001:bad-1')).toEqual([]);
    await host.execute({ type: 'OpenAccount', number: 'BAD-1', holder: 'Good Amount', openingDeposit: '1.00' });
  });

  it('takes an account number wherever staff name an account: movements, transfers, the account screen', async () => {
    const { aggregateId: otherId } = await host.execute({ type: 'OpenAccount', number: '002', holder: 'Dee Two' });
    resultOf(await teller.call('account.deposit', { accountId: 'J-100', amount: '100.00' }));
    const transfer = resultOf<{ transferId: string }>(await teller.call('transfers.start', { fromAccountId: 'J-100', toAccountId: '002', amount: '50.00' }));
    await host.transfers.waitUntilFinished(transfer.transferId);
    expect((await host.getAccount(otherId))?.balance).toBe('50.00');
    const shown = resultOf<{ account: { accountId: string; balance: string } }>(await teller.call('account.get', { accountId: 'J-100' }));
    expect(shown.account).toMatchObject({ accountId: jointId, balance: '300.00' });
    const listed = resultOf<{ items: { transferId: string }[] }>(await teller.call('transfers.list', { accountId: '002' }));
    expect(listed.items.map((t) => t.transferId)).toEqual([transfer.transferId]);
    // An id still works (scripts keep ids); a number nobody has is refused naming it.
    resultOf(await teller.call('account.get', { accountId: jointId }));
    expect(errorOf(await teller.call('account.get', { accountId: '003' }))).toMatchObject({ code: 'ACCOUNT_NOT_FOUND', message: expect.stringContaining('003') });
    expect(errorOf(await teller.call('account.deposit', { accountId: '003', amount: '1.00' }))).toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
  });
});

describe('the channel is a fact recorded by the command, not read from a reference', () => {
  it('books a teller’s cash withdrawal referenced like a PayFlow posting or a transfer against teller cash, as cash', async () => {
    const { aggregateId } = await host.execute({ type: 'OpenAccount', number: 'CH-1', holder: 'Cash Carl', openingDeposit: '1000.00' });
    const payflowLike = await host.execute({ type: 'MakeWithdrawal', accountId: aggregateId, amount: '100.00', reference: 'payflow-cashdesk' });
    const transferLike = await host.execute({ type: 'MakeWithdrawal', accountId: aggregateId, amount: '100.00', reference: 'transfer:cash-counter' });
    expect(payflowLike.events[0]!.data).toMatchObject({ channel: 'cash' });
    await host.processing.settle();
    for (const outcome of [payflowLike, transferLike]) {
      expect((await host.readModels.journal.entry(outcome.events[0]!.id))?.lines).toEqual([
        { account: `customer:${aggregateId}`, debit: '10000', credit: '0' },
        { account: 'branch:teller-cash', debit: '0', credit: '10000' },
      ]);
    }
  });

  it('refuses a teller who says a withdrawal was a transfer', async () => {
    const { aggregateId } = await host.execute({ type: 'OpenAccount', number: 'CH-2', holder: 'Sly Sam', openingDeposit: '1000.00' });
    expect(await refusalOf(host.execute({ type: 'MakeWithdrawal', accountId: aggregateId, amount: '10.00', channel: 'transfer' }))).toMatchObject({ code: 'VALIDATION', field: 'channel' });
  });

  it('reverses a cash deposit whose reference mimics a transfer leg, and books it back against teller cash', async () => {
    const { aggregateId } = await host.execute({ type: 'OpenAccount', number: 'CH-3', holder: 'Fake Fred' });
    const deposit = await host.execute({ type: 'MakeDeposit', accountId: aggregateId, amount: '20.00', reference: 'transfer:fake' });
    const supervisor = (await host.staff.principalOf('supervisor'))!;
    const reversal = await host.executeAs(supervisor, { type: 'ReverseMovement', accountId: 'CH-3', originalEventId: deposit.events[0]!.id, reason: 'keyed on the wrong account' });
    expect(reversal.events[0]).toMatchObject({ type: 'Fidelis.DepositReversed.v1', data: { sourceType: 'cash', originalReference: 'transfer:fake' } });
    await host.processing.settle();
    expect((await host.readModels.journal.entry(reversal.events[0]!.id))?.lines).toContainEqual({ account: 'branch:teller-cash', debit: '0', credit: '2000' });
  });

  it('books an opening deposit by its source like any deposit', async () => {
    await host.processing.settle();
    const opening = (await host.readModels.journal.entriesOf(jointId)).find((e) => e.description === 'Opening deposit');
    expect(opening?.lines).toEqual([
      { account: 'branch:clearing', debit: '25000', credit: '0' },
      { account: `customer:${jointId}`, debit: '0', credit: '25000' },
    ]);
  });
});
