/** The signed-in session's token, kept for this browser tab only (sessionStorage): a reload resumes, a new tab signs in. */

const SESSION_KEY = 'fidelis.session';

export function storedSessionToken(): string | undefined {
  try {
    return window.sessionStorage.getItem(SESSION_KEY) ?? undefined;
  } catch {
    // Storage can be refused (privacy settings): the teller then signs in after each reload.
    return undefined;
  }
}

export function storeSessionToken(token: string | undefined): void {
  try {
    if (token === undefined) window.sessionStorage.removeItem(SESSION_KEY);
    else window.sessionStorage.setItem(SESSION_KEY, token);
  } catch {
    // See above: nothing to keep then.
  }
}

const LOCKED_KEY = 'fidelis.locked';

/**
 * Whether this tab's screen was locked (Lock, or idle): a reload must not open a locked screen, even though main's
 * session itself is only locked by main's own idle timer.
 */
export function storedLocked(): boolean {
  try {
    return window.sessionStorage.getItem(LOCKED_KEY) === 'true';
  } catch {
    return false;
  }
}

export function storeLocked(locked: boolean): void {
  try {
    if (locked) window.sessionStorage.setItem(LOCKED_KEY, 'true');
    else window.sessionStorage.removeItem(LOCKED_KEY);
  } catch {
    // Nothing to keep then.
  }
}
