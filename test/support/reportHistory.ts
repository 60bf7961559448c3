/** A seeded branch history with known answers for the report tests: customers, two business days, a EUR rate, a late synced deposit. */

import { createHost, type Host } from '../../main/host.js';
import { seedTestStaff, STAFF_PASSWORD, TEST_STAFF_SETTINGS } from './staffFixtures.js';

export const REPORT_DAY = '2026-03-02';

export interface SeededBranch {
  readonly host: Host;
  /** Moves the host's clock (the time commands are recorded at). */
  at(iso: string): void;
  /** Runs a command as the teller, with a command id of its own. */
  run(request: Record<string, unknown>): ReturnType<Host['execute']>;
}

/** The institution a FinCEN batch files with (recorded by the seed, as `fidelis branch set` would). */
export const INSTITUTION = {
  name: 'Fidelis Community Bank',
  ein: '12-3456789',
  rssd: '1234567',
  regulator: 'FDIC',
  street: '1 Main Street',
  city: 'Springfield',
  state: 'IL',
  zip: '62701',
  country: 'US',
  branchName: 'Fidelis Community Bank, Downtown',
  branchRssd: '7654321',
  branchStreet: '200 Market Street',
  branchCity: 'Springfield',
  branchState: 'IL',
  branchZip: '62702',
  branchCountry: 'US',
  transmitterControlCode: 'TBSATEST',
  contactName: 'Compliance Officer',
  phone: '217-555-0100',
} as const;

/**
 * 2026-03-01: Ada Lovelace (a registered customer with address, date of birth, passport and SSN) opens two USD
 * accounts; Bob Marley's account is opened with a holder name alone (a customer derived from it, no details); Chen
 * Wei is registered with an address only; the institution's filing details are recorded.
 * 2026-03-02: Ada pays in 6,000.00 + 4,500.50 cash on her two accounts (CTR, aggregated); Bob pays in 9,000 + 8,500 +
 * 8,200 cash (structuring, CTR) and takes out 12,000.00 cash (CTR cash out, large; a supervisor approves it); Ada's 3,000.00 transfer debit is
 * not cash; a 15,000.00 wire is large but not cash; Chen opens a EUR account with 20,000.00 cash, 21,600.00 USD at
 * the day's rate of 1.08 (a CTR line with foreign currency).
 * 2026-03-03 09:00: Bob's 1,000.00 cash deposit of 2026-03-02 17:00 arrives late (recorded after the cut-off); Ada pays in 200.00.
 */
export async function seedBranch(settings: Record<string, unknown> = {}): Promise<SeededBranch> {
  let now = new Date('2026-03-01T09:00:00.000Z');
  // No fact events: a background handler would append them at racy clock times and seqs, and golden files need fixed ones.
  const host = await createHost({ inMemory: true, clock: () => now, settings: { deviceId: 'WS-01', branchId: 'BR001', defaultActor: 'teller1', factEvents: false, ...TEST_STAFF_SETTINGS, ...settings } });
  const at = (iso: string) => (now = new Date(iso));
  let n = 0;
  const run = (request: Record<string, unknown>) => host.execute(request, { commandId: `cmd-${String(++n).padStart(2, '0')}`, actor: 'teller1' });
  /** Events another process or workstation recorded, appended as they arrive. */
  const append = async (streamId: string, event: { type: string; data: Record<string, unknown>; occurredAt: string }, commandId: string, actor: string, deviceId: string) =>
    host.store.append({
      streamId,
      expected: await host.store.streamVersion(streamId),
      events: [event],
      meta: { commandId, correlationId: commandId, causationId: commandId, actor, deviceId, branchId: 'BR001' },
      commandHash: commandId,
    });

  at('2026-03-01T09:00:00.000Z');
  const staff = await seedTestStaff(host, ['teller', 'supervisor']);
  await run({ type: 'RecordInstitution', branchId: 'BR001', changes: INSTITUTION });
  await run({
    type: 'RegisterCustomer',
    customerId: 'ada',
    kind: 'PERSON',
    legalName: 'Ada King Lovelace',
    address: { line1: '12 St James Square', city: 'London', postalCode: 'SW1Y4JH', country: 'GB' },
    dateOfBirth: '1985-12-10',
    identification: { type: 'PASSPORT', number: 'P1234567', issuer: 'GB' },
    tin: '123-45-6789',
    tinType: 'SSN',
    occupation: 'Mathematician',
  });
  await run({ type: 'RegisterCustomer', customerId: 'chen', kind: 'PERSON', legalName: 'Chen Wei', address: { line1: '8 Rue de Rivoli', city: 'Paris', postalCode: '75004', country: 'FR' } });
  await run({ type: 'OpenAccount', accountId: 'ada-1', number: '1001', owners: ['ada'], currency: 'USD', openingDeposit: '500.00' });
  await run({ type: 'OpenAccount', accountId: 'ada-2', number: '1002', owners: ['ada'], currency: 'USD' });
  await run({ type: 'OpenAccount', accountId: 'bob-1', number: '2001', holder: 'Bob Marley', currency: 'USD', openingDeposit: '100.00' });
  await run({ type: 'RecordExchangeRate', day: '2026-03-02', currency: 'EUR', usdPerUnit: '1.08' });

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
  // Over the dual-control amount: the teller pays out, the supervisor approves (the audit trail names both).
  await host.executeAs(staff.teller, { type: 'MakeWithdrawal', accountId: 'bob-1', amount: '12000.00', reference: 'rent' }, { commandId: `cmd-${String(++n).padStart(2, '0')}` }, { username: 'supervisor', password: STAFF_PASSWORD });
  at('2026-03-02T15:00:00.000Z');
  // A transfer's debit as the transfer process records it: its channel says so; the reference is just text.
  await append('account-ada-1', { type: 'Fidelis.WithdrawalMade.v2', data: { accountId: 'ada-1', amount: '300000', reference: 'T-1', channel: 'transfer' }, occurredAt: now.toISOString() }, 'cmd-transfer', 'teller1', 'WS-01');
  at('2026-03-02T15:30:00.000Z');
  await run({ type: 'MakeDeposit', accountId: 'ada-1', amount: '15000.00', sourceType: 'wire' });
  at('2026-03-02T16:00:00.000Z');
  await run({ type: 'OpenAccount', accountId: 'chen-1', number: '3001', owners: ['chen'], currency: 'EUR', openingDeposit: '20000.00' });

  // The next morning: an offline workstation's deposit of yesterday 17:00 is synced (recorded now), then Ada pays in.
  at('2026-03-03T09:00:00.000Z');
  await append('account-bob-1', { type: 'Fidelis.DepositMade.v4', data: { accountId: 'bob-1', amount: '100000', sourceType: 'cash', currency: 'USD', channel: 'counter' }, occurredAt: '2026-03-02T17:00:00.000Z' }, 'cmd-late', 'teller2', 'WS-02');
  at('2026-03-03T09:30:00.000Z');
  await run({ type: 'MakeDeposit', accountId: 'ada-1', amount: '200.00', sourceType: 'cash' });
  at('2026-03-04T08:00:00.000Z');
  return { host, at, run };
}
