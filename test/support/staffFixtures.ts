// Staff for tests: a cheap KDF, a first administrator and one user per role, and API connections signed in as them.

import type { ApiResponse } from '@fidelis/shared/api/errors.js';
import type { ApiConnection, ApiRouter } from '../../main/api/router.js';
import type { Host } from '../../main/host.js';
import { ROLES, type Principal, type Role } from '@fidelis/shared/staff/roles.js';

/** scrypt at N = 2^4: the same code path, microseconds instead of ~100 ms per hash. Pass in createHost settings. */
export const TEST_STAFF_SETTINGS = { kdfLog2Cost: 4 } as const;
export const STAFF_PASSWORD = 'correct horse battery';

/** Who the fixtures create: one per role, plus `all` (every role) for tests that are about something else than roles. */
export const TEST_STAFF = {
  admin: { displayName: 'Ada Admin', roles: ['administrator'] },
  teller: { displayName: 'Tom Teller', roles: ['teller'] },
  supervisor: { displayName: 'Sue Supervisor', roles: ['supervisor'] },
  compliance: { displayName: 'Cal Compliance', roles: ['compliance'] },
  all: { displayName: 'Alex Everything', roles: [...ROLES] },
} as const satisfies Record<string, { displayName: string; roles: readonly Role[] }>;
export type TestStaffName = keyof typeof TEST_STAFF;

type StaffHost = Pick<Host, 'staff'>;

/**
 * Bootstraps `admin` (unless staff exist) and provisions the other test users; returns their principals. Each is signed
 * in on `host` as well, so their signing keys are open there and what they do is signed as a sign-in would have it.
 */
export async function seedTestStaff(host: StaffHost, names: readonly TestStaffName[] = ['teller', 'supervisor', 'compliance', 'all']): Promise<Record<TestStaffName, Principal>> {
  const admin = (await host.staff.exists())
    ? ((await host.staff.principalOf('admin')) ?? failed('the ledger has staff, but no admin'))
    : await host.staff.bootstrap({ username: 'admin', displayName: TEST_STAFF.admin.displayName, password: STAFF_PASSWORD });
  await openSigningKeys(host, ['admin']);
  const principals: Partial<Record<TestStaffName, Principal>> = { admin };
  for (const name of names) {
    if (name === 'admin') continue;
    const known = await host.staff.principalOf(name);
    if (!known) await host.staff.provision(admin, { username: name, displayName: TEST_STAFF[name].displayName, roles: TEST_STAFF[name].roles, password: STAFF_PASSWORD });
    await openSigningKeys(host, [name]);
    principals[name] = (await host.staff.principalOf(name))!;
  }
  return principals as Record<TestStaffName, Principal>;
}

/** Signs each person in on `host` (a session the test never uses), which opens their signing key there. */
export async function openSigningKeys(host: StaffHost, usernames: readonly string[], password = STAFF_PASSWORD): Promise<void> {
  for (const username of usernames) await host.staff.sessions.signIn(username, password);
}

/** A new connection signed in as `username`. */
export async function signedIn(router: Pick<ApiRouter, 'connect'>, username: string, password = STAFF_PASSWORD): Promise<ApiConnection> {
  const connection = router.connect();
  const response = await connection.call('auth.signIn', { username, password });
  if (!response.ok) failed(`sign-in of ${username} refused: ${JSON.stringify(response.error)}`);
  return connection;
}

/** Seeds the test staff and signs a connection in as each. */
export async function staffConnections(host: StaffHost, router: Pick<ApiRouter, 'connect'>): Promise<Record<TestStaffName, ApiConnection>> {
  await seedTestStaff(host);
  const entries = await Promise.all((Object.keys(TEST_STAFF) as TestStaffName[]).map(async (name) => [name, await signedIn(router, name)] as const));
  return Object.fromEntries(entries) as Record<TestStaffName, ApiConnection>;
}

/** One connection signed in as `all` (every role): for router tests about something other than roles. */
export async function signedInAsEveryone(host: StaffHost, router: Pick<ApiRouter, 'connect'>): Promise<ApiConnection> {
  await seedTestStaff(host, ['all']);
  return signedIn(router, 'all');
}

export function resultOf<T>(response: ApiResponse): T {
  if (!response.ok) throw new Error(`refused: ${JSON.stringify(response.error)}`);
  return response.result as T;
}

function failed(message: string): never {
  throw new Error(message);
}
