/** Which frames may call the API: only our own top-level page on app://fidelis — never an iframe, a file: page or a remote site. */

import { isAppUrl } from './appOrigin.js';

export interface SenderFrame {
  readonly url: string;
  readonly isTopFrame: boolean;
}

export const isTrustedSender = (frame: SenderFrame | null | undefined): boolean => !!frame && frame.isTopFrame && isAppUrl(frame.url);
