/** The lock screen: only the signed-in person's password opens it again; the ledger is not rendered behind it. */

import { useState } from 'react';
import type { SessionDto } from '@fidelis/shared/staff/api.js';
import type { Principal } from '@fidelis/shared/staff/roles.js';
import { toApiError, useApi } from '../api/ApiProvider.js';
import { FormError, FormField } from '../components/FormField.js';
import { useCommand } from '../components/useCommand.js';

type Field = 'password';
const FIELDS: Record<string, Field> = { password: 'password' };

export interface LockScreenProps {
  readonly principal: Principal;
  readonly onUnlocked: (session: SessionDto) => void;
  /** With a notice when main says the session is gone; without one when the person chose to sign out. */
  readonly onSignedOut: (notice?: string) => void;
}

export function LockScreen({ principal, onUnlocked, onSignedOut }: LockScreenProps) {
  const api = useApi();
  const [password, setPassword] = useState('');
  const command = useCommand(FIELDS);
  return (
    <form
      className="card form door__card"
      aria-labelledby="lock-title"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        command.reset();
        if (password === '') return command.setFieldError('password', 'Enter your password.');
        let session: SessionDto | undefined;
        let ended = false;
        await command.run(async () => {
          try {
            session = await api.call('auth.unlock', { password });
          } catch (error) {
            ended = toApiError(error).code === 'UNAUTHENTICATED';
            throw error;
          }
        });
        setPassword('');
        if (session) onUnlocked(session);
        else if (ended) onSignedOut('Your session has ended. Sign in again.');
      }}
    >
      <h1 id="lock-title">Locked</h1>
      <p>
        Fidelis is locked for <strong>{principal.displayName}</strong> <span className="muted">({principal.username})</span>. Enter your password to continue.
      </p>
      <FormField label="Password" error={command.fieldErrors.password}>
        {(props) => <input {...props} type="password" autoComplete="current-password" autoFocus value={password} onChange={(event) => setPassword(event.target.value)} />}
      </FormField>
      <FormError message={command.formError} />
      <div className="form__actions">
        <button type="submit" className="button--primary" disabled={command.busy}>
          {command.busy ? 'Unlocking…' : 'Unlock'}
        </button>
        <button type="button" onClick={() => onSignedOut()} disabled={command.busy}>
          Sign out
        </button>
      </div>
    </form>
  );
}
