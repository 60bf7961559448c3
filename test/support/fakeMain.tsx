/** Component tests' boundary: a fake main behind the renderer's transport, answering each call as the test says. */

import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { SessionDto, StaffUserRow } from '@fidelis/shared/staff/api.js';
import type { ApiResponse } from '@fidelis/shared/api/errors.js';
import type { PaymentRow, PaymentsStatus } from '@fidelis/shared/payments/api.js';
import type { FidelisBridge } from '@fidelis/shared/api/transport.js';
import type { Role } from '@fidelis/shared/staff/roles.js';
import { createApiClient } from '../../renderer/src/api/apiClient.js';
import { ApiProvider } from '../../renderer/src/api/ApiProvider.js';

export type Answer = (method: string, input: Record<string, unknown>) => ApiResponse;

export function fakeMain(answer: Answer) {
  const calls: { method: string; input: Record<string, unknown> }[] = [];
  const bridge: FidelisBridge = {
    invoke: async (method, input) => {
      calls.push({ method, input: input as Record<string, unknown> });
      return answer(method, input as Record<string, unknown>);
    },
    subscribe: () => () => {},
  };
  const wrap = (ui: ReactNode) => render(<ApiProvider client={createApiClient(bridge)}>{ui}</ApiProvider>);
  return { calls, wrap };
}

export const ok = (result: unknown): ApiResponse => ({ ok: true, result });
export const refused = (code: string, message: string, field?: string): ApiResponse => ({ ok: false, error: { code, message, ...(field ? { field } : {}) } });

/** The people of the fake workstation, one per role (and a supervisor to approve). */
export const STAFF: Readonly<Record<'admin' | 'teller' | 'supervisor' | 'compliance', StaffUserRow>> = {
  admin: { username: 'ada', displayName: 'Ada Admin', roles: ['administrator'], disabled: false, mustChangePassword: false },
  teller: { username: 'tom', displayName: 'Tom Teller', roles: ['teller'], disabled: false, mustChangePassword: false },
  supervisor: { username: 'sue', displayName: 'Sue Supervisor', roles: ['supervisor'], disabled: false, mustChangePassword: false },
  compliance: { username: 'cora', displayName: 'Cora Compliance', roles: ['compliance'], disabled: false, mustChangePassword: false },
};

export const sessionOf = (user: StaffUserRow, locked = false): SessionDto => ({
  username: user.username,
  displayName: user.displayName,
  roles: [...user.roles] as Role[],
  locked,
  mustChangePassword: user.mustChangePassword,
  token: `token-${user.username}`,
});

export interface WorkstationOptions {
  /** Who is signed in on this connection; undefined: nobody. */
  readonly signedIn?: StaffUserRow | undefined;
  readonly locked?: boolean;
  readonly staffExists?: boolean;
  readonly idleLockMinutes?: number;
  readonly payments?: readonly PaymentRow[];
  readonly payflow?: Partial<PaymentsStatus>;
}

/**
 * A fake main with a signed-in (or not) workstation: auth, capabilities, an empty ledger and the staff list answer
 * by default; `answer` overrides any method (return undefined to fall back). Calls nobody expected are refused loudly.
 */
export function fakeWorkstation(options: WorkstationOptions = {}, answer: (method: string, input: Record<string, unknown>) => ApiResponse | undefined = () => undefined) {
  const fallback: Answer = (method, input) => {
    const who = options.signedIn;
    switch (method) {
      case 'auth.status':
        return ok({ staffExists: options.staffExists ?? true, session: who ? { ...sessionOf(who, options.locked), token: undefined } : null, idleLockMinutes: options.idleLockMinutes ?? 15 });
      case 'auth.signOut':
        return ok({ signedOut: true });
      case 'auth.lock':
        return who ? ok(sessionOf(who, true)) : refused('UNAUTHENTICATED', 'Sign in first.');
      case 'auth.resume':
        return refused('UNAUTHENTICATED', 'That session has ended.');
      case 'system.capabilities':
        return ok({ deviceId: 'dev-1', branchId: 'B1', timeZone: 'UTC' });
      case 'dashboard.activity':
        return ok({ currencies: [], openAlerts: 0, subscriptions: { ok: 3, lagging: 0, failing: 0 } });
      case 'accounts.list':
        return ok({ total: 0, items: [] });
      case 'staff.list':
        return ok({ users: Object.values(STAFF) });
      case 'transfers.list':
        return ok({ total: 0, items: [] });
      case 'payments.list':
        return ok({ payments: options.payments ?? [] });
      case 'payments.status':
        return ok({ configured: true, breaker: 'closed', queued: 0, lastError: null, nextAttemptAt: null, ...options.payflow });
      case 'payments.reconciliation':
        return ok({ items: [] });
      case 'till.mine':
        return ok({ businessDay: '2026-11-26', workstation: 'dev-1', tills: [], currencies: ['USD', 'EUR'], signOffAmount: '10.00' });
      case 'branchDay.status':
        return ok({ branchId: 'B1', businessDay: '2026-11-26', lastClosed: null, tills: [], vaults: [], blockers: [] });
      default:
        return refused('INTERNAL', `The fake main did not expect ${method} ${JSON.stringify(input)}.`);
    }
  };
  return fakeMain((method, input) => answer(method, input) ?? fallback(method, input));
}

/** An App's status source that is connected from the start. */
export const connected = (listener: (status: 'connecting' | 'open' | 'closed') => void) => {
  listener('open');
  return () => {};
};
