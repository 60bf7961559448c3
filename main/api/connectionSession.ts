/**
 * One connection's sign-in state: its session token, and the person who may follow live topics. Every call that is
 * not public touches the session (the idle lock) and must hold the method's permission; auth.* calls change the token.
 */

import { DomainError } from '@fidelis/shared/errors.js';
import { requirePermission, type Permission, type Principal } from '@fidelis/shared/staff/roles.js';
import type { Sessions } from '../staff/sessions.js';

export interface ConnectionSession {
  /** The token a public call starts from (auth.* read and change it). */
  readonly token: string | undefined;
  /** The signed-in person, if they hold `permission`; else UNAUTHENTICATED, SESSION_LOCKED or FORBIDDEN (field 'role'). */
  authorise(permission: Permission): Promise<Principal>;
  /**
   * After a public call: the token it left, if it changed it (`from` is the one it started with: a call that did not
   * sign in or out leaves alone a token another call set meanwhile), and who may follow topics now (nobody while locked
   * or while a one-time password waits to be replaced).
   */
  settle(from: string | undefined, to: string | undefined): Promise<void>;
  /**
   * The person of the last call, while unlocked: topics answer synchronously, so they go by this rather than wait for
   * the session. A topic frame that arrives while a call is being checked finds the reader as it was before the call.
   */
  reader(): Principal | undefined;
}

export function createConnectionSession(sessions: Sessions): ConnectionSession {
  let token: string | undefined;
  let reader: Principal | undefined;

  return {
    get token() {
      return token;
    },

    async authorise(permission) {
      if (token === undefined) {
        reader = undefined;
        throw new DomainError('UNAUTHENTICATED', 'Sign in first.');
      }
      const principal = await sessions.touch(token).catch((error: unknown) => {
        reader = undefined;
        throw error;
      });
      reader = principal;
      requirePermission(principal, permission);
      return principal;
    },

    async settle(from, to) {
      if (to !== from) token = to;
      const session = token === undefined ? undefined : await sessions.peek(token);
      // Nobody follows topics on a locked session, or on a one-time password not yet replaced.
      reader = session && !session.locked && !session.mustChangePassword ? session.principal : undefined;
    },

    reader: () => reader,
  };
}
