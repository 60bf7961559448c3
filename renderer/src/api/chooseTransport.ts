/** Picks the transport for where the page runs: the desktop app's bridge if the preload exposed one, else browser mode's WebSocket. */

import { WEBSOCKET_PATH, type FidelisBridge } from '@fidelis/shared/api/transport.js';
import { storedSessionToken } from '../session/sessionToken.js';
import { createWebSocketTransport, type ConnectionStatus } from './webSocketTransport.js';

declare global {
  interface Window {
    fidelis?: FidelisBridge;
  }
}

export interface ChosenTransport {
  readonly transport: FidelisBridge;
  readonly onStatus: (listener: (status: ConnectionStatus) => void) => () => void;
  /** Set when the page cannot reach Fidelis at all (no bridge, no token). */
  readonly problem?: string;
}

const TOKEN_KEY = 'fidelis.token';

export function chooseTransport(): ChosenTransport {
  if (window.fidelis) return { transport: window.fidelis, onStatus: (listener) => (listener('open'), () => {}) };
  const url = new URL(window.location.href);
  // The token comes in the printed URL; keep it for this tab so a reload from a trimmed address still works.
  const token = url.searchParams.get('token') ?? window.sessionStorage.getItem(TOKEN_KEY) ?? '';
  if (token) window.sessionStorage.setItem(TOKEN_KEY, token);
  // A new connection (a reload, or a reconnect after a network blip) resumes the tab's signed-in session first.
  const resume = () => {
    const session = storedSessionToken();
    return session ? { method: 'auth.resume', input: { token: session } } : undefined;
  };
  const ws = createWebSocketTransport(`${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}${WEBSOCKET_PATH}?token=${encodeURIComponent(token)}`, undefined, resume);
  return {
    transport: ws,
    onStatus: (listener) => {
      listener(ws.status());
      return ws.onStatus(listener);
    },
    ...(token ? {} : { problem: 'This address has no access token. Open the exact URL that `npm run serve` printed.' }),
  };
}
