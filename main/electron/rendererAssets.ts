/** Maps an app:// request to a file of the built renderer, refusing anything outside it. */

import { extname, join, normalize, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './appOrigin.js';

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export interface RendererAsset {
  readonly path: string;
  readonly contentType: string;
}

/**
 * Returns the file to serve for a request URL, or undefined when the URL is not ours or escapes the renderer folder.
 * Paths without an extension are client-side routes: they get index.html.
 */
export function resolveRendererAsset(rendererRoot: string, requestUrl: string): RendererAsset | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return undefined;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return undefined;
  const relative = pathname === '/' || extname(pathname) === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = normalize(rendererRoot);
  const path = normalize(join(root, relative));
  if (!path.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
  return { path, contentType: MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream' };
}
