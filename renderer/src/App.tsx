/** The shell: header with the signed-in person and connection status, navigation for their roles, and the current screen. */

import { useEffect, useRef, useState, type ReactNode } from 'react';
import { hasPermission, type Permission } from '@fidelis/shared/staff/roles.js';
import { useQuery } from './api/ApiProvider.js';
import type { ConnectionStatus } from './api/webSocketTransport.js';
import { ErrorNotice, Loading } from './components/States.js';
import { homeOf, hrefOf, useRoute, type Route } from './routing.js';
import { AccountScreen } from './screens/AccountScreen.js';
import { AccountsScreen } from './screens/AccountsScreen.js';
import { ComplianceScreen } from './screens/ComplianceScreen.js';
import { DashboardScreen } from './screens/DashboardScreen.js';
import { ExplorerScreen } from './screens/ExplorerScreen.js';
import { OperationsScreen } from './screens/OperationsScreen.js';
import { PaymentsScreen } from './screens/PaymentsScreen.js';
import { ReceiptScreen } from './screens/ReceiptScreen.js';
import { RatesScreen } from './screens/RatesScreen.js';
import { ReportsScreen } from './screens/ReportsScreen.js';
import { ReviewScreen } from './screens/ReviewScreen.js';
import { StaffScreen } from './screens/StaffScreen.js';
import { SyncScreen } from './screens/SyncScreen.js';
import { TransfersScreen } from './screens/TransfersScreen.js';
import { VaultScreen } from './screens/VaultScreen.js';
import { BranchDayScreen } from './screens/BranchDayScreen.js';
import { SessionGate } from './session/SessionGate.js';
import { useCan, useSession } from './session/session.js';

type Section = Exclude<Route['screen'], 'account' | 'receipt'>;

/** The permission each screen needs: a role without it does not see the screen in the navigation (main refuses its calls anyway). */
export const SCREEN_PERMISSION: Readonly<Record<Section, Permission>> = {
  dashboard: 'read',
  accounts: 'read',
  transfers: 'read',
  review: 'approve',
  payments: 'read',
  compliance: 'alerts',
  operations: 'operations',
  explorer: 'read',
  sync: 'read',
  reports: 'reports',
  rates: 'rates',
  vault: 'vault',
  day: 'vault',
  staff: 'manageStaff',
};

const NAVIGATION: readonly { route: Route & { screen: Section }; label: string }[] = [
  { route: { screen: 'review' }, label: 'Approvals and exceptions' },
  { route: { screen: 'dashboard' }, label: 'Dashboard' },
  { route: { screen: 'accounts' }, label: 'Accounts' },
  { route: { screen: 'transfers' }, label: 'Transfers' },
  { route: { screen: 'payments' }, label: 'Payments' },
  { route: { screen: 'compliance' }, label: 'Compliance' },
  { route: { screen: 'operations' }, label: 'Operations' },
  { route: { screen: 'explorer' }, label: 'Event explorer' },
  { route: { screen: 'sync' }, label: 'Sync' },
  { route: { screen: 'reports' }, label: 'Reports' },
  { route: { screen: 'rates' }, label: 'Exchange rates' },
  { route: { screen: 'vault' }, label: 'Vault' },
  { route: { screen: 'day' }, label: 'Business day' },
  { route: { screen: 'staff' }, label: 'Staff' },
];

function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'dashboard':
      return <DashboardScreen />;
    case 'accounts':
      return <AccountsScreen />;
    case 'account':
      return <AccountScreen key={route.accountId} accountId={route.accountId} />;
    case 'receipt':
      return <ReceiptScreen accountId={route.accountId} version={route.version} />;
    case 'review':
      return <ReviewScreen />;
    case 'transfers':
      return <TransfersScreen />;
    case 'payments':
      return <PaymentsScreen />;
    case 'compliance':
      return <ComplianceScreen />;
    case 'operations':
      return <OperationsScreen />;
    case 'explorer':
      return <ExplorerScreen />;
    case 'sync':
      return <SyncScreen />;
    case 'reports':
      return <ReportsScreen />;
    case 'rates':
      return <RatesScreen />;
    case 'vault':
      return <VaultScreen />;
    case 'day':
      return <BranchDayScreen />;
    case 'staff':
      return <StaffScreen />;
  }
}

const STATUS_TEXT: Record<ConnectionStatus, string> = { connecting: 'Connecting…', open: 'Connected', closed: 'Disconnected' };
const ROLE_TEXT = { teller: 'Teller', supervisor: 'Supervisor', compliance: 'Compliance', administrator: 'Administrator' } as const;

export function App({ onStatus, problem }: { onStatus: (listener: (status: ConnectionStatus) => void) => () => void; problem?: string | undefined }) {
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  useEffect(() => onStatus(setStatus), [onStatus]);
  const connection = (
    <span className={`connection connection--${status}`} role="status" aria-live="polite">
      {STATUS_TEXT[status]}
    </span>
  );
  return (
    <SessionGate connection={connection} problem={problem}>
      <Shell connection={connection} problem={problem} />
    </SessionGate>
  );
}

function Shell({ connection, problem }: { connection: ReactNode; problem: string | undefined }) {
  const route = useRoute();
  const session = useSession();
  const capabilities = useQuery('system.capabilities', {});
  const main = useRef<HTMLElement>(null);
  const section: Section = route.screen === 'account' || route.screen === 'receipt' ? 'accounts' : route.screen;
  const allowed = useCan(SCREEN_PERMISSION[section]);
  const principal = session?.principal;
  const visible = NAVIGATION.filter(({ route: target }) => principal === undefined || hasPermission(principal, SCREEN_PERMISSION[target.screen]));

  // Moving to another screen moves focus to it, so a screen reader announces where the teller is.
  useEffect(() => {
    main.current?.focus({ preventScroll: true });
  }, [route.screen]);

  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(event) => (event.preventDefault(), main.current?.focus())}>
        Skip to content
      </a>
      <header className="app__header">
        <span className="app__brand">Fidelis</span>
        {capabilities.data ? <span className="muted">Branch {capabilities.data.branchId}</span> : null}
        {principal ? (
          <span className="app__user" data-testid="signed-in-user">
            <strong>{principal.displayName}</strong> <span className="muted">({principal.username})</span>{' '}
            <span className="muted">· {principal.roles.map((role) => ROLE_TEXT[role]).join(', ')}</span>
          </span>
        ) : null}
        {connection}
        {session ? (
          <span className="app__session">
            <button type="button" className="button--header" onClick={session.lock}>
              Lock
            </button>
            <button type="button" className="button--header" onClick={session.signOut}>
              Sign out
            </button>
          </span>
        ) : null}
      </header>
      <nav className="app__nav" aria-label="Main">
        <ul>
          {visible.map(({ route: target, label }) => (
            <li key={target.screen}>
              <a href={hrefOf(target)} aria-current={section === target.screen ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={main} tabIndex={-1} className="app__main">
        {problem ? <ErrorNotice error={{ code: 'UNAUTHORIZED', message: problem }} /> : null}
        {!allowed ? (
          <>
            <ErrorNotice error={{ code: 'FORBIDDEN', message: 'Your role does not give access to this screen. Ask an administrator if you need it.' }} />
            {principal ? <a href={hrefOf(homeOf(principal))}>Go to your start screen</a> : null}
          </>
        ) : capabilities.status === 'error' && !capabilities.data ? (
          <ErrorNotice error={capabilities.error} onRetry={capabilities.reload} />
        ) : !capabilities.data ? (
          <Loading what="Fidelis" />
        ) : (
          <Screen route={route} />
        )}
      </main>
    </div>
  );
}
