/**
 * The door to the ledger: on a new workstation a new branch (its first administrator) or joining one, sign-in (landing on the person's start
 * screen), choosing one's own password after a one-time one, resume after a reload, and the lock screen. Nothing of
 * the ledger is rendered until a session is open and unlocked; an UNAUTHENTICATED answer from any call goes back to
 * sign-in, a SESSION_LOCKED answer locks the screen, PASSWORD_CHANGE_REQUIRED asks for a new password.
 */

import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '@fidelis/shared/api/errors.js';
import type { SessionDto } from '@fidelis/shared/staff/api.js';
import type { Principal } from '@fidelis/shared/staff/roles.js';
import type { ApiClient } from '../api/apiClient.js';
import { ApiProvider, toApiError, useApi } from '../api/ApiProvider.js';
import { ErrorNotice, Loading } from '../components/States.js';
import { homeOf, navigate } from '../routing.js';
import { ChangePasswordForm } from './ChangePasswordForm.js';
import { LockScreen } from './LockScreen.js';
import { SessionContext, type Session } from './session.js';
import { storedLocked, storedSessionToken, storeLocked, storeSessionToken } from './sessionToken.js';
import { JoinBranchForm } from './JoinBranchForm.js';
import { BootstrapForm, SignInForm } from './SignInForms.js';
import { useIdleLock } from './useIdleLock.js';

type Phase =
  | { readonly kind: 'starting' }
  | { readonly kind: 'failed'; readonly error: ApiError }
  | { readonly kind: 'bootstrap'; readonly way: 'new' | 'join' }
  | { readonly kind: 'signIn'; readonly notice: string | undefined }
  | { readonly kind: 'signedIn'; readonly principal: Principal; readonly locked: boolean; readonly mustChangePassword: boolean };

export interface SessionGateProps {
  /** Shown in the header of the sign-in and lock screens (the connection status). */
  readonly connection: ReactNode;
  readonly problem?: string | undefined;
  /** The app, rendered only while a session is open and unlocked. */
  readonly children: ReactNode;
}

const principalOf = (session: Pick<SessionDto, 'username' | 'displayName' | 'roles'>): Principal => ({
  username: session.username,
  displayName: session.displayName,
  roles: session.roles,
});

export function SessionGate({ connection, problem, children }: SessionGateProps) {
  const api = useApi();
  const [phase, setPhase] = useState<Phase>({ kind: 'starting' });
  const [idleLockMinutes, setIdleLockMinutes] = useState<number | undefined>();
  // Bumped on every unlock and sign-in: the app mounts afresh and re-reads everything it shows.
  const [generation, setGeneration] = useState(0);

  const opened = useCallback((session: SessionDto, wasLocked = false) => {
    storeSessionToken(session.token);
    storeLocked(session.locked || wasLocked);
    setGeneration((g) => g + 1);
    setPhase({ kind: 'signedIn', principal: principalOf(session), locked: session.locked || wasLocked, mustChangePassword: session.mustChangePassword });
  }, []);
  /** A new sign-in starts on the person's own start screen, never on the screen the previous person left. */
  const signedIn = useCallback(
    (session: SessionDto) => {
      navigate(homeOf(session));
      opened(session);
    },
    [opened],
  );

  const start = useCallback(async () => {
    setPhase({ kind: 'starting' });
    try {
      const status = await api.call('auth.status', {});
      setIdleLockMinutes(status.idleLockMinutes);
      if (status.session) {
        setPhase({ kind: 'signedIn', principal: principalOf(status.session), locked: status.session.locked || storedLocked(), mustChangePassword: status.session.mustChangePassword });
        return;
      }
      if (!status.staffExists) {
        setPhase({ kind: 'bootstrap', way: 'new' });
        return;
      }
      const token = storedSessionToken();
      if (token) {
        // A reload: the tab's session is still open in main (the WebSocket greeting may already have resumed it).
        try {
          opened(await api.call('auth.resume', { token }), storedLocked());
          return;
        } catch {
          storeSessionToken(undefined);
        }
      }
      setPhase({ kind: 'signIn', notice: undefined });
    } catch (error) {
      setPhase({ kind: 'failed', error: toApiError(error) });
    }
  }, [api, opened]);

  useEffect(() => {
    void start();
  }, [start]);

  const signedOut = useCallback((notice: string | undefined) => {
    storeSessionToken(undefined);
    storeLocked(false);
    setPhase({ kind: 'signIn', notice });
  }, []);
  const lock = useCallback(() => {
    storeLocked(true);
    setPhase((p) => (p.kind === 'signedIn' && !p.locked ? { ...p, locked: true } : p));
  }, []);

  // Every answer from main passes here first: the gate reacts to a session that ended or locked, whichever screen asked.
  const mustChange = useCallback(() => setPhase((p) => (p.kind === 'signedIn' ? { ...p, mustChangePassword: true } : p)), []);
  const reactions = useRef({ signedOut, lock, mustChange });
  reactions.current = { signedOut, lock, mustChange };
  const guarded = useMemo<ApiClient>(
    () => ({
      async call(method, input) {
        try {
          return await api.call(method, input);
        } catch (error) {
          if (error instanceof ApiError && !method.startsWith('auth.')) {
            if (error.code === 'UNAUTHENTICATED') reactions.current.signedOut('Your session has ended. Sign in again.');
            else if (error.code === 'SESSION_LOCKED') reactions.current.lock();
            else if (error.code === 'PASSWORD_CHANGE_REQUIRED') reactions.current.mustChange();
          }
          throw error;
        }
      },
      subscribe: (topic, params, listener) => api.subscribe(topic, params, listener),
    }),
    [api],
  );

  // Lock (the button, or idle time) locks the session in main too, not only this screen.
  const lockSession = useCallback(() => {
    void api.call('auth.lock', {}).catch(() => undefined);
    lock();
  }, [api, lock]);

  const working = phase.kind === 'signedIn' && !phase.locked;
  useIdleLock(working ? idleLockMinutes : undefined, lockSession);

  const signOut = useCallback(() => {
    void api.call('auth.signOut', {}).catch(() => undefined);
    signedOut(undefined);
  }, [api, signedOut]);

  const session = useMemo<Session | undefined>(
    () => (phase.kind === 'signedIn' ? { principal: phase.principal, signOut, lock: lockSession } : undefined),
    [phase, signOut, lockSession],
  );

  if (phase.kind === 'signedIn' && !phase.locked && !phase.mustChangePassword && session) {
    return (
      <SessionContext.Provider value={session}>
        <ApiProvider client={guarded}>
          <SessionKeyed key={`${phase.principal.username}|${generation}`}>{children}</SessionKeyed>
        </ApiProvider>
      </SessionContext.Provider>
    );
  }

  return (
    <div className="app app--door">
      <header className="app__header">
        <span className="app__brand">Fidelis</span>
        {phase.kind === 'signedIn' && phase.locked ? <span className="muted">Locked</span> : null}
        {connection}
      </header>
      <main id="main" className="app__main door">
        {problem ? <ErrorNotice error={{ code: 'UNAUTHORIZED', message: problem }} /> : null}
        {door()}
      </main>
    </div>
  );

  function door() {
    switch (phase.kind) {
      case 'starting':
        return <Loading what="Fidelis" />;
      case 'failed':
        return <ErrorNotice error={phase.error} onRetry={() => void start()} />;
      case 'bootstrap':
        return (
          <>
            <div className="door__ways" role="group" aria-label="This workstation has no ledger yet">
              <button type="button" aria-pressed={phase.way === 'new'} onClick={() => setPhase({ kind: 'bootstrap', way: 'new' })}>
                Start a new branch
              </button>
              <button type="button" aria-pressed={phase.way === 'join'} onClick={() => setPhase({ kind: 'bootstrap', way: 'join' })}>
                Join a branch
              </button>
            </div>
            {phase.way === 'new' ? (
              <BootstrapForm onOpened={signedIn} />
            ) : (
              <JoinBranchForm
                onJoined={(joined) =>
                  setPhase({ kind: 'signIn', notice: `This workstation joined branch ${joined.branchId}: ${joined.staff} staff and ${joined.events} events copied. Sign in with the account an administrator made for you.` })
                }
              />
            )}
          </>
        );
      case 'signIn':
        return <SignInForm notice={phase.notice} onOpened={signedIn} />;
      case 'signedIn':
        if (phase.mustChangePassword && !phase.locked) {
          return <ChangePasswordForm principal={phase.principal} onChanged={(session) => opened(session)} onSignOut={signOut} />;
        }
        return (
          <LockScreen
            principal={phase.principal}
            onUnlocked={(session) => opened(session)}
            onSignedOut={(notice) => (notice === undefined ? signOut() : signedOut(notice))}
          />
        );
    }
  }
}

/** Only a key holder: a new key remounts the app below it. */
const SessionKeyed = ({ children }: { children: ReactNode }) => <>{children}</>;
