/** Staff across two workstations of a branch: a rebase names the person it was done for, and a password change or reset ends that person's sessions wherever it is pulled. */

import { describe, expect, it } from 'vitest';
import { seedTestStaff, STAFF_PASSWORD } from '../../support/staffFixtures.js';
import { joinedWorkstation, useTestGateway, workstation } from '../../support/syncWorkstations.js';

const testGateway = useTestGateway();

/** The first workstation with the test staff and an account, and a second that joined the branch after. */
async function branch() {
  const gateway = await testGateway.start();
  const [first] = testGateway.keep(await workstation('ws-first', gateway, gateway.url));
  const staff = await seedTestStaff(first.host);
  await first.host.executeAs(staff.teller, { type: 'OpenAccount', accountId: 'ACC-S1', number: '6001', holder: 'Ada Lovelace', openingDeposit: '100.00' });
  await first.host.sync.syncNow();
  const [second] = testGateway.keep(await joinedWorkstation(gateway));
  return { a: first.host, b: second.host, staff };
}

describe('staff across workstations', { timeout: 180_000 }, () => {
  it('a rebased command names the person it was done for, on both workstations, done for them by the rebase', async () => {
    const { a, b, staff } = await branch();
    // The joined workstation's staff are the branch's: no first administrator of its own.
    await expect(b.staff.bootstrap({ username: 'eve', displayName: 'Eve Intruder', password: STAFF_PASSWORD })).rejects.toMatchObject({ code: 'BRANCH_JOINED' });
    const { principal: supervisorAtB } = await b.staff.sessions.signIn('supervisor', STAFF_PASSWORD);
    // Offline on both: B's deposit is overtaken by A's and decided again after it.
    await a.executeAs(staff.teller, { type: 'MakeDeposit', accountId: 'ACC-S1', amount: '1.00' });
    await b.executeAs(supervisorAtB, { type: 'MakeDeposit', accountId: 'ACC-S1', amount: '2.00' }, { commandId: 'sup-deposit-at-b' });
    await a.sync.syncNow();
    expect(await b.sync.syncNow()).toMatchObject({ rebased: 1, exceptions: 0 });
    await a.sync.syncNow();

    for (const host of [a, b]) {
      const rebased = (await host.readStream('account-ACC-S1')).filter((e) => e.meta.commandId === 'sup-deposit-at-b');
      expect(rebased.length).toBeGreaterThan(0);
      for (const event of rebased) expect(event.meta).toMatchObject({ actor: 'supervisor', process: 'sync-rebase' });
      // Its fact too is stated for the supervisor, not for whoever ran the workstation.
      const facts = (await host.readStream('fact-account-ACC-S1')).filter((f) => rebased.some((e) => e.id === f.meta.causationId));
      expect(facts.map((f) => f.meta.actor)).toEqual(['supervisor']);
    }
  });

  it('a password reset or change at one workstation ends that person’s sessions at the other once pulled', async () => {
    const { a, b, staff } = await branch();
    const tellerAtB = await b.staff.sessions.signIn('teller', STAFF_PASSWORD);
    const supervisorAtB = await b.staff.sessions.signIn('supervisor', STAFF_PASSWORD);
    const complianceAtB = await b.staff.sessions.signIn('compliance', STAFF_PASSWORD);

    await a.staff.resetPassword(staff.admin, 'teller', 'a fresh one-time secret');
    await a.staff.changePassword(staff.supervisor, 'supervisor', 'my own new passphrase', STAFF_PASSWORD);
    // Before the changes are pulled, the sessions at B still hold.
    expect(await b.staff.sessions.peek(tellerAtB.token)).toBeDefined();
    await a.sync.syncNow();
    await b.sync.syncNow();

    expect(await b.staff.sessions.peek(tellerAtB.token)).toBeUndefined();
    expect(await b.staff.sessions.peek(supervisorAtB.token)).toBeUndefined();
    // Someone else's session goes on.
    expect(await b.staff.sessions.peek(complianceAtB.token)).toBeDefined();
    // The old password no longer opens anything at B; the new one does.
    await expect(b.staff.sessions.signIn('supervisor', STAFF_PASSWORD)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(b.staff.sessions.signIn('supervisor', 'my own new passphrase')).resolves.toMatchObject({ principal: { username: 'supervisor' } });
  });
});
