// `fidelis verify` checks who signed each commit beside the hash chain: commits from before signing are counted by
// position, a command nobody signed after signing began is refused and named, and what people signed verifies.

import { afterEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../main/host.js';
import { seedTestStaff, TEST_STAFF_SETTINGS } from '../../support/staffFixtures.js';

const hosts: Host[] = [];
afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
});

async function newHost(): Promise<Host> {
  const host = await createHost({ inMemory: true, settings: { ...TEST_STAFF_SETTINGS, defaultActor: 'os-user' } });
  hosts.push(host);
  return host;
}

describe('signatures in fidelis verify', () => {
  it('counts commits written before the first signing key as unsigned by position, and what signed-in staff did as signed by them', async () => {
    const host = await newHost();
    // A ledger from before staff: written by the workstation for its operating-system user.
    const { aggregateId } = await host.execute({ type: 'OpenAccount', number: '5001', holder: 'Ada Lovelace', openingDeposit: '10.00' });
    await host.execute({ type: 'MakeDeposit', accountId: aggregateId, amount: '5.00' });
    const staff = await seedTestStaff(host, ['teller']);
    await host.executeAs(staff.teller, { type: 'MakeDeposit', accountId: aggregateId, amount: '7.00' });

    const { ok, signatures } = await host.verify();
    expect(ok).toBe(true);
    expect(signatures).toMatchObject({ refused: 0, firstRefusal: null });
    // The opening (with what it records beside it) and the deposit, then the first administrator.
    expect(signatures.unsignedBeforeSigning).toBeGreaterThanOrEqual(3);
    // The teller's deposit, and the administrator provisioning the teller.
    expect(signatures.signedByPerson).toBeGreaterThanOrEqual(2);
  });

  it('refuses a command written after signing began that its person did not sign, naming where it is, the chain still intact', async () => {
    const host = await newHost();
    const staff = await seedTestStaff(host, ['teller']);
    const { aggregateId, streamId } = await host.executeAs(staff.teller, { type: 'OpenAccount', number: '5002', holder: 'Grace Hopper', openingDeposit: '10.00' });
    // The teller signs out; recorded as them afterwards by a caller that holds no key of theirs, only the workstation signed it.
    host.staff.sessions.endAllOf('teller');
    await host.execute({ type: 'MakeDeposit', accountId: aggregateId, amount: '5.00' }, { actor: 'teller' });
    const { ok, signatures } = await host.verify();
    expect(ok).toBe(true);
    expect(signatures.refused).toBe(1);
    expect(signatures.firstRefusal).toMatchObject({ code: 'UNSIGNED', streamId, version: 1 });
  });

  it('refuses a command by someone who did not hold its permission at that point', async () => {
    const host = await newHost();
    const staff = await seedTestStaff(host, ['teller', 'supervisor']);
    const { aggregateId } = await host.executeAs(staff.supervisor, { type: 'OpenAccount', number: '5003', holder: 'Alan Turing', openingDeposit: '10.00' });
    await host.staff.changeRoles(staff.admin, 'supervisor', ['compliance']);
    // The session of a person whose roles changed is still open here: a caller skipping the role check could sign.
    await host.execute({ type: 'MakeDeposit', accountId: aggregateId, amount: '5.00' }, { actor: 'supervisor' });
    const { signatures } = await host.verify();
    expect(signatures.firstRefusal).toMatchObject({ code: 'NOT_PERMITTED' });
  });
});
