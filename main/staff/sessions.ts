/**
 * Sign-in sessions: an opaque random token per signed-in person, touched by every call; idle longer than the
 * setting, a session locks and only the same person's password opens it again. Sessions live in memory: a
 * restarted main signs everyone in again. An unlocked session holds its person's opened signing key: signing out,
 * locking (by hand or idle) and ending the session drop it.
 */

import { randomBytes, type KeyObject } from 'node:crypto';
import { DomainError } from '@fidelis/shared/errors.js';
import type { Principal } from '@fidelis/shared/staff/index.js';

export interface SessionInfo {
  readonly token: string;
  readonly principal: Principal;
  readonly locked: boolean;
  /** Signed in with a one-time password: nothing but choosing a new one is answered. */
  readonly mustChangePassword: boolean;
}

export interface Sessions {
  signIn(username: string, password: string): Promise<SessionInfo>;
  /** The session without touching it (its lock state brought up to date); undefined once ended. */
  peek(token: string): Promise<SessionInfo | undefined>;
  /** The acting person for one call: throws UNAUTHENTICATED (ended, unknown, user disabled), SESSION_LOCKED or PASSWORD_CHANGE_REQUIRED. */
  touch(token: string): Promise<Principal>;
  lock(token: string): void;
  unlock(token: string, password: string): Promise<SessionInfo>;
  signOut(token: string): void;
  endAllOf(username: string): void;
  /** The signing key of an unlocked session of `username` on this workstation, if any. */
  signingKeyOf(username: string): KeyObject | undefined;
  clear(): void;
}

export interface SessionDeps {
  /** Checks the password and opens the person's signing key with the same scrypt run (undefined when they have none). */
  authenticateWithKey(username: string, password: string): Promise<{ principal: Principal; signingKey: KeyObject | undefined }>;
  principalOf(username: string): Promise<Principal | undefined>;
  mustChangePassword(username: string): Promise<boolean>;
  clock: () => Date;
  idleMinutes: number;
}

interface Live {
  readonly username: string;
  lastActiveAt: number;
  locked: boolean;
  signingKey: KeyObject | undefined;
}

const signInAgain = () => new DomainError('UNAUTHENTICATED', 'Your session has ended: sign in again.');

export function createSessions(deps: SessionDeps): Sessions {
  const live = new Map<string, Live>();
  const idleMs = deps.idleMinutes * 60_000;

  /** A locked session keeps nothing that signs: the key comes back only with the password. */
  function lockSession(session: Live): void {
    session.locked = true;
    session.signingKey = undefined;
  }

  /** The live session with its idle lock applied, and its person as the directory says now (undefined ends it). */
  async function current(token: string): Promise<{ session: Live; principal: Principal } | undefined> {
    const session = live.get(token);
    if (!session) return undefined;
    const principal = await deps.principalOf(session.username);
    if (!principal) {
      live.delete(token);
      return undefined;
    }
    if (deps.clock().getTime() - session.lastActiveAt >= idleMs) lockSession(session);
    return { session, principal };
  }

  const info = async (token: string, session: Live, principal: Principal): Promise<SessionInfo> => ({
    token,
    principal,
    locked: session.locked,
    mustChangePassword: await deps.mustChangePassword(session.username),
  });

  return {
    async signIn(username, password) {
      const { principal, signingKey } = await deps.authenticateWithKey(username, password);
      const token = randomBytes(32).toString('base64url');
      const session: Live = { username: principal.username, lastActiveAt: deps.clock().getTime(), locked: false, signingKey };
      live.set(token, session);
      return info(token, session, principal);
    },

    async peek(token) {
      const found = await current(token);
      return found ? info(token, found.session, found.principal) : undefined;
    },

    async touch(token) {
      const found = await current(token);
      if (!found) throw signInAgain();
      if (found.session.locked) throw new DomainError('SESSION_LOCKED', 'This workstation is locked: enter your password to go on.');
      if (await deps.mustChangePassword(found.session.username)) {
        throw new DomainError('PASSWORD_CHANGE_REQUIRED', 'An administrator set a one-time password for you: choose your own password first.');
      }
      found.session.lastActiveAt = deps.clock().getTime();
      return found.principal;
    },

    lock(token) {
      const session = live.get(token);
      if (session) lockSession(session);
    },

    async unlock(token, password) {
      const found = await current(token);
      if (!found) throw signInAgain();
      // The same person's password only: someone else at a locked screen signs out and in as themselves.
      const { signingKey } = await deps.authenticateWithKey(found.session.username, password);
      found.session.locked = false;
      found.session.signingKey = signingKey;
      found.session.lastActiveAt = deps.clock().getTime();
      return info(token, found.session, found.principal);
    },

    signOut(token) {
      live.delete(token);
    },

    endAllOf(username) {
      for (const [token, session] of live) if (session.username === username) live.delete(token);
    },

    signingKeyOf(username) {
      const now = deps.clock().getTime();
      for (const session of live.values()) {
        if (session.username !== username || session.locked || !session.signingKey) continue;
        if (now - session.lastActiveAt >= idleMs) lockSession(session);
        else return session.signingKey;
      }
      return undefined;
    },

    clear() {
      live.clear();
    },
  };
}
