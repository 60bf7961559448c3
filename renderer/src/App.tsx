/** The shell: header with connection status, navigation between screens, and the screen for the current route. */

import { useEffect, useRef, useState } from 'react';
import { useQuery } from './api/ApiProvider.js';
import type { ConnectionStatus } from './api/webSocketTransport.js';
import { CapabilitiesProvider } from './components/Capabilities.js';
import { ErrorNotice, Loading } from './components/States.js';
import { hrefOf, useRoute, type Route } from './routing.js';
import { AccountScreen } from './screens/AccountScreen.js';
import { AccountsScreen } from './screens/AccountsScreen.js';
import { ComplianceScreen } from './screens/ComplianceScreen.js';
import { DashboardScreen } from './screens/DashboardScreen.js';
import { ExplorerScreen } from './screens/ExplorerScreen.js';
import { OperationsScreen } from './screens/OperationsScreen.js';
import { ReportsScreen } from './screens/ReportsScreen.js';
import { SyncScreen } from './screens/SyncScreen.js';
import { TransfersScreen } from './screens/TransfersScreen.js';

const NAVIGATION: readonly { route: Route; label: string }[] = [
  { route: { screen: 'dashboard' }, label: 'Dashboard' },
  { route: { screen: 'accounts' }, label: 'Accounts' },
  { route: { screen: 'transfers' }, label: 'Transfers' },
  { route: { screen: 'compliance' }, label: 'Compliance' },
  { route: { screen: 'operations' }, label: 'Operations' },
  { route: { screen: 'explorer' }, label: 'Event explorer' },
  { route: { screen: 'sync' }, label: 'Sync' },
  { route: { screen: 'reports' }, label: 'Reports' },
];

function Screen({ route }: { route: Route }) {
  switch (route.screen) {
    case 'dashboard':
      return <DashboardScreen />;
    case 'accounts':
      return <AccountsScreen />;
    case 'account':
      return <AccountScreen key={route.accountId} accountId={route.accountId} />;
    case 'transfers':
      return <TransfersScreen />;
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
  }
}

const STATUS_TEXT: Record<ConnectionStatus, string> = { connecting: 'Connecting…', open: 'Connected', closed: 'Disconnected' };

export function App({ onStatus, problem }: { onStatus: (listener: (status: ConnectionStatus) => void) => () => void; problem?: string | undefined }) {
  const route = useRoute();
  const capabilities = useQuery('system.capabilities', {});
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  useEffect(() => onStatus(setStatus), [onStatus]);
  const main = useRef<HTMLElement>(null);
  const section = route.screen === 'account' ? 'accounts' : route.screen;

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
        {capabilities.data ? (
          <span className="muted">
            Branch {capabilities.data.branchId} · {capabilities.data.actor}
          </span>
        ) : null}
        <span className={`connection connection--${status}`} role="status" aria-live="polite">
          {STATUS_TEXT[status]}
        </span>
      </header>
      <nav className="app__nav" aria-label="Main">
        <ul>
          {NAVIGATION.map(({ route: target, label }) => (
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
        {capabilities.status === 'error' && !capabilities.data ? (
          <ErrorNotice error={capabilities.error} onRetry={capabilities.reload} />
        ) : !capabilities.data ? (
          <Loading what="Fidelis" />
        ) : (
          <CapabilitiesProvider value={capabilities.data.features}>
            <Screen route={route} />
          </CapabilitiesProvider>
        )}
      </main>
    </div>
  );
}
