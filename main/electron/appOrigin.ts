/** Where the renderer lives in the desktop app: a privileged app:// scheme, and the checks that tell our pages from anything else. */

export const APP_SCHEME = 'app';
export const APP_HOST = 'fidelis';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** True for pages we serve ourselves (the only ones allowed to navigate in the window or to call the API). */
export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Links the system browser (or mail client) may open; every other scheme (file:, javascript:, custom) is dropped. */
export function isExternalLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' || protocol === 'mailto:';
  } catch {
    return false;
  }
}
