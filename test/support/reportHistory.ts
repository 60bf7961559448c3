/** A seeded branch history with known answers for the report tests: two business days, a late synced deposit, holder details. */

import { createHost, type Host } from '../../main/host.js';

export const REPORT_DAY = '2026-03-02';

export interface SeededBranch {
  readonly host: Host;
  /** Moves the host's clock (the time commands are recorded at). */
  at(iso: string): void;
}

/**
 * 2026-03-01: three USD accounts open (Ada has two); Ada's holder details are recorded, Bob's never are.
 * 2026-03-02: Ada pays in 6,000.00 + 4,500.50 cash on two accounts (CTR, aggregated); Bob pays in 9,000 + 8,500 + 8,200
 * cash (structuring, CTR) and takes out 12,000.00 cash (CTR cash out, large); Ada's 3,000.00 transfer debit is not cash;
 * a 15,000.00 wire is large but not cash; Chen opens a EUR account with 20,000.00 (a EUR CTR line FinCEN cannot take).
 * 2026-03-03 09:00: Bob's 1,000.00 cash deposit of 2026-03-02 17:00 arrives late (recorded after the cut-off); Ada pays in 200.00.
 */
export async function seedBranch(settings: Record<string, unknown> = {}): Promise<SeededBranch> {
  let now = new Date('2026-03-01T09:00:00.000Z');
  // No fact events: a background handler would append them at racy clock times and seqs, and golden files need fixed ones.
  const host = await createHost({ inMemory: true, clock: () => now, settings: { deviceId: 'WS-01', branchId: 'BR001', defaultActor: 'teller1', factEvents: false, ...settings } });
  const at = (iso: string) => (now = new Date(iso));
  let n = 0;
  const run = (request: Record<string, unknown>) => host.execute(request, { commandId: `cmd-${String(++n).padStart(2, '0')}`, actor: 'teller1' });

  at('2026-03-01T09:00:00.000Z');
  await run({ type: 'OpenAccount', accountId: 'ada-1', number: '1001', holder: 'Ada Lovelace', currency: 'USD', openingDeposit: '500.00' });
  await run({ type: 'OpenAccount', accountId: 'ada-2', number: '1002', holder: 'Ada  Lovelace', currency: 'USD' });
  await run({ type: 'OpenAccount', accountId: 'bob-1', number: '2001', holder: 'Bob Marley', currency: 'USD', openingDeposit: '100.00' });
  await run({ type: 'RecordHolderDetails', accountId: 'ada-1', street: '12 St James Square', city: 'London', zip: 'SW1Y4JH', country: 'GB', dateOfBirth: '1985-12-10', idType: 'PASSPORT', idNumber: 'P1234567', idIssuer: 'GB' });

  at('2026-03-02T09:00:00.000Z');
  await run({ type: 'MakeDeposit', accountId: 'ada-1', amount: '6000.00', sourceType: 'cash' });
  at('2026-03-02T10:00:00.000Z');
  await run({ type: 'MakeDeposit', accountId: 'ada-2', amount: '4500.50', sourceType: 'cash', reference: 'savings, "jar"' });
  at('2026-03-02T11:00:00.000Z');
  await run({ type: 'MakeDeposit', accountId: 'bob-1', amount: '9000.00', sourceType: 'cash' });
  at('2026-03-02T12:00:00.000Z');
  await run({ type: 'MakeDeposit', accountId: 'bob-1', amount: '8500.00', sourceType: 'cash' });
  at('2026-03-02T13:00:00.000Z');
  await run({ type: 'MakeDeposit', accountId: 'bob-1', amount: '8200.00', sourceType: 'cash' });
  at('2026-03-02T14:00:00.000Z');
  await run({ type: 'MakeWithdrawal', accountId: 'bob-1', amount: '12000.00', reference: 'rent' });
  at('2026-03-02T15:00:00.000Z');
  await run({ type: 'MakeWithdrawal', accountId: 'ada-1', amount: '3000.00', reference: 'transfer:T-1' });
  at('2026-03-02T15:30:00.000Z');
  await run({ type: 'MakeDeposit', accountId: 'ada-1', amount: '15000.00', sourceType: 'wire' });
  at('2026-03-02T16:00:00.000Z');
  await run({ type: 'OpenAccount', accountId: 'chen-1', number: '3001', holder: 'Chen Wei', currency: 'EUR', openingDeposit: '20000.00' });

  // The next morning: an offline workstation's deposit of yesterday 17:00 is synced (recorded now), then Ada pays in.
  at('2026-03-03T09:00:00.000Z');
  const streamId = 'account-bob-1';
  await host.store.append({
    streamId,
    expected: await host.store.streamVersion(streamId),
    events: [{ type: 'Fidelis.DepositMade.v3', data: { accountId: 'bob-1', amount: '100000', sourceType: 'cash', currency: 'USD' }, occurredAt: '2026-03-02T17:00:00.000Z' }],
    meta: { commandId: 'cmd-late', correlationId: 'cmd-late', causationId: 'cmd-late', actor: 'teller2', deviceId: 'WS-02', branchId: 'BR001' },
    commandHash: 'late',
  });
  at('2026-03-03T09:30:00.000Z');
  await run({ type: 'MakeDeposit', accountId: 'ada-1', amount: '200.00', sourceType: 'cash' });
  at('2026-03-04T08:00:00.000Z');
  return { host, at };
}
