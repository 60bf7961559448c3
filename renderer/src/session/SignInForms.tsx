/** The two ways in: create the first administrator on a new workstation, or sign in with a username and password. */

import { useState } from 'react';
import type { SessionDto } from '@fidelis/shared/staff/api.js';
import { PASSWORD_MIN_LENGTH } from '@fidelis/shared/staff/identity.js';
import { useApi } from '../api/ApiProvider.js';
import { FormError, FormField } from '../components/FormField.js';
import { useCommand } from '../components/useCommand.js';

type SignInField = 'username' | 'password';
const SIGN_IN_FIELDS: Record<string, SignInField> = { username: 'username', password: 'password' };

export function SignInForm({ notice, onOpened }: { notice: string | undefined; onOpened: (session: SessionDto) => void }) {
  const api = useApi();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const command = useCommand(SIGN_IN_FIELDS);
  return (
    <form
      className="card form door__card"
      aria-labelledby="sign-in-title"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        command.reset();
        if (username.trim() === '') return command.setFieldError('username', 'Enter your username.');
        if (password === '') return command.setFieldError('password', 'Enter your password.');
        let session: SessionDto | undefined;
        await command.run(async () => {
          session = await api.call('auth.signIn', { username: username.trim(), password });
        });
        // A refused password is never left in the field for the next person at the counter.
        setPassword('');
        if (session) onOpened(session);
      }}
    >
      <h1 id="sign-in-title">Sign in</h1>
      {notice ? (
        <p className="banner banner--info" role="status">
          {notice}
        </p>
      ) : null}
      <FormField label="Username" error={command.fieldErrors.username}>
        {(props) => <input {...props} type="text" autoComplete="username" autoFocus spellCheck={false} value={username} onChange={(event) => setUsername(event.target.value)} />}
      </FormField>
      <FormField label="Password" error={command.fieldErrors.password}>
        {(props) => <input {...props} type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} />}
      </FormField>
      <FormError message={command.formError} />
      <button type="submit" className="button--primary" disabled={command.busy}>
        {command.busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

type BootstrapField = 'username' | 'displayName' | 'password' | 'confirm';
const BOOTSTRAP_FIELDS: Record<string, BootstrapField> = { username: 'username', displayName: 'displayName', password: 'password' };

/** The password rule as the person typing it reads it; main checks it again (WEAK_PASSWORD). */
export const PASSWORD_POLICY = `At least ${PASSWORD_MIN_LENGTH} characters.`;

/** The problem with a new password and its confirmation, before anything is sent. */
export function newPasswordProblem(password: string, confirm: string): { field: 'password' | 'confirm'; message: string } | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return { field: 'password', message: `The password must have at least ${PASSWORD_MIN_LENGTH} characters.` };
  if (password !== confirm) return { field: 'confirm', message: 'The two passwords differ: type the same password twice.' };
  return undefined;
}

export function BootstrapForm({ onOpened }: { onOpened: (session: SessionDto) => void }) {
  const api = useApi();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const command = useCommand(BOOTSTRAP_FIELDS);
  return (
    <form
      className="card form door__card"
      aria-labelledby="bootstrap-title"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        command.reset();
        if (username.trim() === '') return command.setFieldError('username', 'Enter a username.');
        if (displayName.trim() === '') return command.setFieldError('displayName', "Enter the person's name.");
        const problem = newPasswordProblem(password, confirm);
        if (problem) return command.setFieldError(problem.field, problem.message);
        let session: SessionDto | undefined;
        await command.run(async () => {
          session = await api.call('auth.bootstrap', { username: username.trim(), displayName: displayName.trim(), password });
        });
        if (session) onOpened(session);
      }}
    >
      <h1 id="bootstrap-title">Create the first administrator</h1>
      <p className="muted">This workstation has no staff yet. The first person is an administrator, who then adds tellers, supervisors and compliance staff.</p>
      <FormField label="Username" error={command.fieldErrors.username}>
        {(props) => <input {...props} type="text" autoComplete="username" autoFocus spellCheck={false} value={username} onChange={(event) => setUsername(event.target.value)} />}
      </FormField>
      <FormField label="Display name" error={command.fieldErrors.displayName}>
        {(props) => <input {...props} type="text" autoComplete="name" value={displayName} onChange={(event) => setDisplayName(event.target.value)} />}
      </FormField>
      <FormField label="Password" error={command.fieldErrors.password} hint={PASSWORD_POLICY}>
        {(props) => <input {...props} type="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} />}
      </FormField>
      <FormField label="Password again" error={command.fieldErrors.confirm}>
        {(props) => <input {...props} type="password" autoComplete="new-password" value={confirm} onChange={(event) => setConfirm(event.target.value)} />}
      </FormField>
      <FormError message={command.formError} />
      <button type="submit" className="button--primary" disabled={command.busy}>
        {command.busy ? 'Creating…' : 'Create administrator and sign in'}
      </button>
    </form>
  );
}
