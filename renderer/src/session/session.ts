/** The signed-in person as screens see them: who it is, what their roles let them do, and how to sign out or lock. */

import { createContext, useContext } from 'react';
import { hasPermission, type Permission, type Principal } from '@fidelis/shared/staff/roles.js';

export interface Session {
  readonly principal: Principal;
  signOut(): void;
  lock(): void;
}

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session | undefined {
  return useContext(SessionContext);
}

/**
 * Whether the signed-in person's roles allow a permission. The renderer only hides what a role cannot do: main checks
 * every call again. Without a session (component tests of one form) everything is shown.
 */
export function useCan(permission: Permission): boolean {
  const session = useContext(SessionContext);
  return session === undefined || hasPermission(session.principal, permission);
}
