/** Transfers through a whole host (SCENARIOS 11): the process manager moves the money, holds it, fails cleanly or reverses. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../main/host.js';
import { streamIdOf } from '@fidelis/shared/events/envelope.js';
import type { Principal } from '@fidelis/shared/staff/roles.js';
import { accountCommands } from '../../support/accountFixtures.js';
import { refusalOf } from '../../support/storeFixtures.js';

let host: Host;

beforeAll(async () => {
  host = await createHost({ inMemory: true });
});

afterAll(async () => {
  await host.close();
});

async function openAccount(openingDeposit: string, fields: { currency?: 'USD' | 'EUR'; overdraftLimit?: string } = {}): Promise<string> {
  const account = accountCommands();
  await host.execute(account.open({ openingDeposit, ...fields }));
  return account.accountId;
}

const balanceOf = async (accountId: string) => (await host.getAccount(accountId))?.balance;

describe('a transfer between two accounts', () => {
  it('moves 3,000 from A (10,000) to B (5,000): A 7,000, B 8,000, COMPLETED', async () => {
    const a = await openAccount('10000');
    const b = await openAccount('5000');
    const { transferId } = await host.transfers.start({ fromAccountId: a, toAccountId: b, amount: '3000', reference: 'rent' });
    const done = await host.transfers.waitUntilFinished(transferId);
    expect(done).toMatchObject({ status: 'COMPLETED', amount: '3000.00', currency: 'USD', reference: 'rent', reversed: false });
    expect(await balanceOf(a)).toBe('7000.00');
    expect(await balanceOf(b)).toBe('8000.00');
    expect((await host.getAccount(a))?.onHold).toBe('0.00');
  });

  it('withdraws with reference transfer:<id>, and every command it caused carries the correlation id and points to its cause', async () => {
    const a = await openAccount('100');
    const b = await openAccount('0');
    const { transferId } = await host.transfers.start({ fromAccountId: a, toAccountId: b, amount: '40' }, { correlationId: 'corr-42' });
    await host.transfers.waitUntilFinished(transferId);
    const source = await host.readStream(streamIdOf('account', a));
    const transfer = await host.readStream(streamIdOf('transfer', transferId));
    const withdrawal = source.find((e) => e.type.startsWith('Fidelis.WithdrawalMade.'));
    expect(withdrawal?.data).toMatchObject({ reference: `transfer:${transferId}`, amount: '4000' });
    expect(transfer.map((e) => e.type.split('.')[1])).toEqual(['TransferInitiated', 'TransferFundsHeld', 'TransferSourceDebited', 'TransferCompleted']);
    const caused = [...source.slice(1), ...(await host.readStream(streamIdOf('account', b))).slice(1), ...transfer];
    expect(new Set(caused.map((e) => e.meta.correlationId))).toEqual(new Set(['corr-42']));
    const ids = new Set(transfer.map((e) => e.id));
    // Each step after the first was caused by the transfer event before it.
    for (const event of caused.filter((e) => e.type !== 'Fidelis.TransferInitiated.v1')) expect(ids.has(event.meta.causationId)).toBe(true);
    expect(withdrawal?.meta.commandId).toBe(`transfer:${transferId}:withdraw`);
  });

  it('fails a transfer from an account without the funds, and both balances stay as they were', async () => {
    const a = await openAccount('100');
    const b = await openAccount('5000');
    const { transferId } = await host.transfers.start({ fromAccountId: a, toAccountId: b, amount: '3000' });
    const done = await host.transfers.waitUntilFinished(transferId);
    expect(done).toMatchObject({ status: 'FAILED', failureCode: 'INSUFFICIENT_FUNDS', reversed: false });
    expect(done.reason).toMatch(/Insufficient funds/);
    expect(await balanceOf(a)).toBe('100.00');
    expect(await balanceOf(b)).toBe('5000.00');
    expect((await host.readStream(streamIdOf('account', a))).length).toBe(1);
  });

  it('fails a transfer from a closed account with nothing moved', async () => {
    const a = await openAccount('0');
    const b = await openAccount('10');
    await host.execute({ type: 'CloseAccount', accountId: a });
    const { transferId } = await host.transfers.start({ fromAccountId: a, toAccountId: b, amount: '1' });
    expect(await host.transfers.waitUntilFinished(transferId)).toMatchObject({ status: 'FAILED', failureCode: 'ACCOUNT_CLOSED' });
    expect(await balanceOf(b)).toBe('10.00');
  });

  it('reverses the debit when the destination is closed, and the transfer FAILS with the reason', async () => {
    const a = await openAccount('1000');
    const b = await openAccount('0');
    // A closed destination is only found out when the money reaches it: the source has been debited by then.
    await host.execute({ type: 'CloseAccount', accountId: b });
    const { transferId } = await host.transfers.start({ fromAccountId: a, toAccountId: b, amount: '250' });
    const done = await host.transfers.waitUntilFinished(transferId);
    expect(done).toMatchObject({ status: 'FAILED', failureCode: 'ACCOUNT_CLOSED', reversed: true });
    expect(done.reason).toMatch(/reversed/);
    expect(await balanceOf(a)).toBe('1000.00');
    expect(await balanceOf(b)).toBe('0.00');
    const source = await host.readStream(streamIdOf('account', a));
    expect(source.map((e) => e.type.split('.')[1])).toEqual(['AccountOpened', 'HoldPlaced', 'HoldReleased', 'WithdrawalMade', 'DepositMade']);
    expect(source.at(-1)?.data).toMatchObject({ reference: `transfer:${transferId}:reversal`, amount: '25000' });
  });

  it('holds the funds while the transfer is in flight, so a concurrent withdrawal cannot spend them', async () => {
    const a = await openAccount('100');
    const b = await openAccount('0');
    const { transferId } = await host.transfers.start({ fromAccountId: a, toAccountId: b, amount: '80' });
    // Once start has answered, the 80 is on hold (or already gone): a withdrawal of 30 must be refused.
    const refusal = await refusalOf(host.execute(accountCommands(a).withdraw('30')));
    expect(refusal).toMatchObject({ code: 'INSUFFICIENT_FUNDS', field: 'balance' });
    expect(await host.transfers.waitUntilFinished(transferId)).toMatchObject({ status: 'COMPLETED' });
    expect(await balanceOf(a)).toBe('20.00');
  });

  it('refuses a transfer between currencies, to an unknown account, or to the same account, and records nothing', async () => {
    const usd = await openAccount('100');
    const eur = await openAccount('100', { currency: 'EUR' });
    expect(await refusalOf(host.transfers.start({ fromAccountId: usd, toAccountId: eur, amount: '10' }))).toMatchObject({
      code: 'CURRENCY_MISMATCH',
      field: 'toAccountId',
      message: expect.stringMatching(/USD.*EUR/),
    });
    expect(await refusalOf(host.transfers.start({ fromAccountId: usd, toAccountId: 'nobody', amount: '10' }))).toMatchObject({ code: 'ACCOUNT_NOT_FOUND', field: 'toAccountId' });
    expect(await refusalOf(host.transfers.start({ fromAccountId: usd, toAccountId: usd, amount: '10' }))).toMatchObject({ code: 'VALIDATION', field: 'toAccountId' });
    expect(await refusalOf(host.transfers.start({ fromAccountId: usd, toAccountId: eur, amount: '-1' }))).toMatchObject({ code: 'CURRENCY_MISMATCH' });
    expect(await balanceOf(usd)).toBe('100.00');
  });

  it('applies a retried start once: the same command id gives the same transfer', async () => {
    const a = await openAccount('100');
    const b = await openAccount('0');
    const first = await host.transfers.start({ fromAccountId: a, toAccountId: b, amount: '10' }, { commandId: 'start-once' });
    const again = await host.transfers.start({ fromAccountId: a, toAccountId: b, amount: '10' }, { commandId: 'start-once' });
    expect(again.transferId).toBe(first.transferId);
    await host.transfers.waitUntilFinished(first.transferId);
    expect(await balanceOf(a)).toBe('90.00');
  });

  it('lists the transfers of an account, newest first, with their status and the failure reason, for the API', async () => {
    const a = await openAccount('100');
    const b = await openAccount('0');
    const api = host.api.handlers.transfers;
    const teller: Principal = { username: 'tom', displayName: 'Tom Teller', roles: ['teller'] };
    const ok = await api['transfers.start']({ fromAccountId: a, toAccountId: b, amount: '60' }, { principal: teller });
    await host.transfers.waitUntilFinished(ok.transferId);
    const refused = await api['transfers.start']({ fromAccountId: a, toAccountId: b, amount: '60' }, { principal: teller });
    await host.transfers.waitUntilFinished(refused.transferId);
    await host.processing.settle();
    const listed = await api['transfers.list']({ accountId: b, offset: 0, limit: 10 }, { principal: teller });
    expect(listed.total).toBe(2);
    expect(listed.items).toEqual([
      expect.objectContaining({ transferId: refused.transferId, status: 'FAILED', amount: '60.00', failureReason: expect.stringContaining('Insufficient funds') }),
      expect.objectContaining({ transferId: ok.transferId, status: 'COMPLETED', fromAccountId: a, toAccountId: b, failureReason: null }),
    ]);
  });
});

describe('the steps of a transfer', () => {
  it('are recorded only by the process manager: a caller asking to complete a transfer is refused and nothing is stored', async () => {
    const a = await openAccount('10000');
    const b = await openAccount('0');
    const { transferId } = await host.transfers.start({ fromAccountId: a, toAccountId: b, amount: '100' });
    await host.transfers.waitUntilFinished(transferId);
    const before = await host.readStream(streamIdOf('transfer', transferId));
    for (const type of ['CompleteTransfer', 'FailTransfer', 'RecordTransferDebit']) {
      const refusal = await refusalOf(host.execute({ type, transferId, reason: 'forged' }));
      expect(refusal).toMatchObject({ code: 'VALIDATION', field: 'type' });
    }
    expect(await host.readStream(streamIdOf('transfer', transferId))).toEqual(before);
  });
});
