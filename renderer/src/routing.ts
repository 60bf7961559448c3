/** Hash routes (#/accounts/ID): the page works from any static server and a reload keeps the screen. */

import { useEffect, useState } from 'react';

export type Route =
  | { readonly screen: 'dashboard' }
  | { readonly screen: 'accounts' }
  | { readonly screen: 'account'; readonly accountId: string }
  | { readonly screen: 'transfers' }
  | { readonly screen: 'compliance' }
  | { readonly screen: 'operations' }
  | { readonly screen: 'explorer' }
  | { readonly screen: 'sync' }
  | { readonly screen: 'reports' }
  | { readonly screen: 'rates' }
  | { readonly screen: 'payments' }
  | { readonly screen: 'staff' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'accounts':
      return parts[1] ? { screen: 'account', accountId: parts[1] } : { screen: 'accounts' };
    case 'transfers':
    case 'compliance':
    case 'operations':
    case 'explorer':
    case 'sync':
    case 'reports':
    case 'rates':
    case 'payments':
    case 'staff':
      return { screen: parts[0] };
    default:
      return { screen: 'dashboard' };
  }
}

export const hrefOf = (route: Route): string => (route.screen === 'account' ? `#/accounts/${encodeURIComponent(route.accountId)}` : `#/${route.screen}`);

export const navigate = (route: Route): void => {
  window.location.hash = hrefOf(route);
};

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
