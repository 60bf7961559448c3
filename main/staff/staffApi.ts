/** The staff area's API handlers: sign-in and the connection's session (auth.*), and staff administration. */

import { DomainError } from '@fidelis/shared/errors.js';
import type { staffMethods } from '@fidelis/shared/staff/api.js';
import type { AreaHandlers, PublicCall } from '../api/handlers.js';
import type { SessionInfo } from './sessions.js';
import type { Staff } from './staff.js';

const sessionOf = (session: SessionInfo) => ({
  username: session.principal.username,
  displayName: session.principal.displayName,
  roles: [...session.principal.roles],
  locked: session.locked,
  mustChangePassword: session.mustChangePassword,
  token: session.token,
});

const signInAgain = (field?: string) => new DomainError('UNAUTHENTICATED', 'That session has ended: sign in again.', field);

/** The connection's session, for auth.* methods that act on it. */
const tokenOf = (call: PublicCall): string => {
  if (call.token === undefined) throw new DomainError('UNAUTHENTICATED', 'Sign in first.');
  return call.token;
};

export function createStaffApi(staff: Staff, settings: { readonly sessionIdleMinutes: number }): AreaHandlers<typeof staffMethods> {
  const { sessions } = staff;
  return {
    'auth.status': async (_input, call) => {
      const session = call.token === undefined ? undefined : await sessions.peek(call.token);
      return {
        staffExists: await staff.exists(),
        session: session ? (({ token: _token, ...visible }) => visible)(sessionOf(session)) : null,
        idleLockMinutes: settings.sessionIdleMinutes,
      };
    },
    'auth.bootstrap': async (input, call) => {
      await staff.bootstrap(input);
      const session = await sessions.signIn(input.username, input.password);
      call.token = session.token;
      return sessionOf(session);
    },
    'auth.signIn': async ({ username, password }, call) => {
      // Signing in as someone else ends the connection's earlier session.
      if (call.token !== undefined) sessions.signOut(call.token);
      call.token = undefined;
      const session = await sessions.signIn(username, password);
      call.token = session.token;
      return sessionOf(session);
    },
    'auth.signOut': (_input, call) => {
      if (call.token !== undefined) sessions.signOut(call.token);
      call.token = undefined;
      return { signedOut: true as const };
    },
    'auth.unlock': async ({ password }, call) => sessionOf(await sessions.unlock(tokenOf(call), password)),
    // Locking in main, not only on the screen: a second window or a forged frame on this session is refused until unlock.
    'auth.lock': async (_input, call) => {
      const token = tokenOf(call);
      sessions.lock(token);
      const session = await sessions.peek(token);
      if (!session) throw signInAgain();
      return sessionOf(session);
    },
    'auth.resume': async ({ token }, call) => {
      const session = await sessions.peek(token);
      if (!session) throw signInAgain('token');
      call.token = token;
      return sessionOf(session);
    },
    // One's own password, proved by the current one: the way out of a one-time password, and open to every role.
    'auth.changePassword': async ({ currentPassword, newPassword }, call) => {
      const token = tokenOf(call);
      const session = await sessions.peek(token);
      if (!session) throw signInAgain();
      if (session.locked) throw new DomainError('SESSION_LOCKED', 'This workstation is locked: enter your password to go on.');
      await staff.changePassword(session.principal, session.principal.username, newPassword, currentPassword);
      // The change ended every session of this person, this one too: the screen goes on in a fresh one.
      const changed = await sessions.signIn(session.principal.username, newPassword);
      call.token = changed.token;
      return sessionOf(changed);
    },

    'staff.list': async () => ({
      users: (await staff.list()).map(({ username, displayName, roles, disabled, mustChangePassword }) => ({ username, displayName, roles, disabled, mustChangePassword: mustChangePassword === true })),
    }),
    'staff.provision': (input, { principal }) => staff.provision(principal, input),
    'staff.disable': ({ username, reason }, { principal }) => staff.disable(principal, username, reason),
    'staff.enable': ({ username, reason }, { principal }) => staff.enable(principal, username, reason),
    'staff.changeRoles': ({ username, roles }, { principal }) => staff.changeRoles(principal, username, roles),
    'staff.resetPassword': ({ username, password }, { principal }) => staff.resetPassword(principal, username, password),
  };
}
