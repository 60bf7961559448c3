/**
 * Password checks per user, reserved before the slow hash: a check in flight or a wrong password counts for the
 * lockout window, so however many sign-ins arrive at once, at most `maxChecks` reach the hash per user per window.
 */

export interface SignInAttempts {
  /** Reserves one password check; returns its release (call it when the password was right, or no check ran), or undefined when this window's checks are spent. */
  reserve(username: string): (() => void) | undefined;
  /** A new password is a fresh start, as in the staff stream. */
  forget(username: string): void;
}

export function createSignInAttempts(options: { readonly maxChecks: number; readonly windowMinutes: number; readonly clock: () => Date }): SignInAttempts {
  const windowMs = options.windowMinutes * 60_000;
  /** Per user: the checks in flight or failed, by their start time (each object is one reservation). */
  const checks = new Map<string, Array<{ readonly at: number }>>();

  return {
    reserve(username) {
      const now = options.clock().getTime();
      const live = (checks.get(username) ?? []).filter((check) => check.at > now - windowMs);
      checks.set(username, live);
      if (live.length >= options.maxChecks) return undefined;
      const check = { at: now };
      live.push(check);
      return () => {
        const left = (checks.get(username) ?? []).filter((c) => c !== check);
        if (left.length === 0) checks.delete(username);
        else checks.set(username, left);
      };
    },
    forget(username) {
      checks.delete(username);
    },
  };
}
