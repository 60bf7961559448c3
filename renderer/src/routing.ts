/** Hash routes (#/accounts/ID): the page works from any static server and a reload keeps the screen. */

import { useEffect, useState } from 'react';
import type { Principal } from '@fidelis/shared/staff/roles.js';

export type Route =
  | { readonly screen: 'dashboard' }
  | { readonly screen: 'accounts' }
  | { readonly screen: 'account'; readonly accountId: string }
  | { readonly screen: 'receipt'; readonly accountId: string; readonly version: number }
  | { readonly screen: 'transfers' }
  | { readonly screen: 'review' }
  | { readonly screen: 'compliance' }
  | { readonly screen: 'operations' }
  | { readonly screen: 'explorer' }
  | { readonly screen: 'sync' }
  | { readonly screen: 'reports' }
  | { readonly screen: 'rates' }
  | { readonly screen: 'payments' }
  | { readonly screen: 'vault' }
  | { readonly screen: 'day' }
  | { readonly screen: 'staff' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'accounts':
      if (parts[1] && parts[2] === 'receipt' && /^\d+$/.test(parts[3] ?? '')) return { screen: 'receipt', accountId: parts[1], version: Number(parts[3]) };
      return parts[1] ? { screen: 'account', accountId: parts[1] } : { screen: 'accounts' };
    case 'transfers':
    case 'review':
    case 'compliance':
    case 'operations':
    case 'explorer':
    case 'sync':
    case 'reports':
    case 'rates':
    case 'payments':
    case 'vault':
    case 'day':
    case 'staff':
      return { screen: parts[0] };
    default:
      return { screen: 'dashboard' };
  }
}

export function hrefOf(route: Route): string {
  switch (route.screen) {
    case 'account':
      return `#/accounts/${encodeURIComponent(route.accountId)}`;
    case 'receipt':
      return `#/accounts/${encodeURIComponent(route.accountId)}/receipt/${route.version}`;
    default:
      return `#/${route.screen}`;
  }
}

export const navigate = (route: Route): void => {
  window.location.hash = hrefOf(route);
};

/**
 * Where a person starts after signing in: the teller at the counter's accounts, a supervisor on what waits for
 * approval or resolution, compliance on the alerts, an administrator on staff. Someone with several roles starts
 * on the first of these their roles give.
 */
export function homeOf(principal: Pick<Principal, 'roles'>): Route {
  const { roles } = principal;
  if (roles.includes('supervisor')) return { screen: 'review' };
  if (roles.includes('teller')) return { screen: 'accounts' };
  if (roles.includes('compliance')) return { screen: 'compliance' };
  if (roles.includes('administrator')) return { screen: 'staff' };
  return { screen: 'dashboard' };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
