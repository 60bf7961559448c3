// Staff reach every workstation of a branch through the gateway: provisioned at one, they sign in at another.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../gateway/server.js';
import { openTestDatabase, startTestGateway, type TestDatabase } from '../../support/postgres.js';
import { workstation, type Workstation } from '../../support/syncWorkstations.js';
import { STAFF_PASSWORD, seedTestStaff } from '../../support/staffFixtures.js';

let db: TestDatabase;
let gateway: Gateway | undefined;
const open: Workstation[] = [];

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  for (const ws of open.splice(0)) await ws.host.close();
  await gateway?.close();
  await db?.close();
});

describe('staff across a branch', () => {
  it('provisions a user at one workstation who then signs in at another, a reset and a disabling there end their session there', async () => {
    gateway = await startTestGateway(db);
    const a = await workstation('staff-a', gateway, gateway.url);
    const b = await workstation('staff-b', gateway, gateway.url);
    open.push(a, b);
    const { admin } = await seedTestStaff(a.host, ['teller']);
    expect(await b.host.staff.exists()).toBe(false);
    await a.host.sync.syncNow();
    await b.host.sync.syncNow();
    expect(await b.host.staff.exists()).toBe(true);
    const session = await b.host.staff.sessions.signIn('teller', STAFF_PASSWORD);
    expect(session.principal).toEqual({ username: 'teller', displayName: 'Tom Teller', roles: ['teller'] });
    // A branch that already has staff gets no second first administrator.
    await expect(b.host.staff.bootstrap({ username: 'eve', displayName: 'Eve', password: STAFF_PASSWORD })).rejects.toMatchObject({ code: 'STAFF_EXISTS' });

    // A reset at one workstation ends the person's session at the other once it syncs; the one-time password opens a new one there.
    await a.host.staff.resetPassword(admin, 'teller', 'a one-time password');
    await a.host.sync.syncNow();
    await b.host.sync.syncNow();
    await expect(b.host.staff.sessions.touch(session.token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const again = await b.host.staff.sessions.signIn('teller', 'a one-time password');

    await a.host.staff.disable(admin, 'teller');
    await a.host.sync.syncNow();
    await b.host.sync.syncNow();
    await expect(b.host.staff.sessions.touch(again.token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(b.host.staff.authenticate('teller', STAFF_PASSWORD)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });
});
