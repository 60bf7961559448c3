/** Serves the built renderer on app://fidelis/ with the Content-Security-Policy as a header; registered before the app is ready. */

import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { APP_SCHEME } from './appOrigin.js';
import { CONTENT_SECURITY_POLICY } from './contentSecurityPolicy.js';
import { resolveRendererAsset } from './rendererAssets.js';

/** Must run before 'ready': a standard, secure scheme gets an origin, ES modules and fetch, like https would. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
};

export function serveRenderer(session: Session, rendererRoot: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const asset = request.method === 'GET' ? resolveRendererAsset(rendererRoot, request.url) : undefined;
    if (!asset) return new Response('Not found', { status: 404, headers: SECURITY_HEADERS });
    try {
      const body = await readFile(asset.path);
      return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'content-type': asset.contentType } });
    } catch {
      return new Response('Not found', { status: 404, headers: SECURITY_HEADERS });
    }
  });
}
