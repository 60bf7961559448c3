/** Locks down every web contents: no navigation away from app://, no new windows, no webviews, no permissions; web links go to the system browser. */

import { shell, type Session, type WebContents } from 'electron';
import { isAppUrl, isExternalLink } from './appOrigin.js';
import type { Logger } from '../log.js';

export function guardWebContents(contents: WebContents, logger: Pick<Logger, 'warn'>): void {
  const openOutside = (url: string): void => {
    if (isExternalLink(url)) void shell.openExternal(url);
    else logger.warn({ url }, 'blocked a link with a scheme we do not open');
  };

  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    openOutside(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** A ledger needs no camera, microphone, location or notifications: every request and check is refused. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
