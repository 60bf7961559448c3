/** After an administrator's reset: the person types the one-time password once more and chooses their own. */

import { useState } from 'react';
import type { SessionDto } from '@fidelis/shared/staff/api.js';
import type { Principal } from '@fidelis/shared/staff/roles.js';
import { useApi } from '../api/ApiProvider.js';
import { FormError, FormField } from '../components/FormField.js';
import { useCommand } from '../components/useCommand.js';
import { newPasswordProblem, PASSWORD_POLICY } from './SignInForms.js';

type Field = 'currentPassword' | 'password' | 'confirm';
const FIELDS: Record<string, Field> = { currentPassword: 'currentPassword', newPassword: 'password', password: 'password' };

export interface ChangePasswordFormProps {
  readonly principal: Principal;
  readonly onChanged: (session: SessionDto) => void;
  readonly onSignOut: () => void;
}

export function ChangePasswordForm({ principal, onChanged, onSignOut }: ChangePasswordFormProps) {
  const api = useApi();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const command = useCommand(FIELDS);
  return (
    <form
      className="card form door__card"
      aria-labelledby="change-password-title"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        command.reset();
        if (current === '') return command.setFieldError('currentPassword', 'Enter the one-time password you signed in with.');
        const problem = newPasswordProblem(password, confirm);
        if (problem) return command.setFieldError(problem.field, problem.message);
        let session: SessionDto | undefined;
        await command.run(async () => {
          session = await api.call('auth.changePassword', { currentPassword: current, newPassword: password });
        });
        setCurrent('');
        if (session) onChanged(session);
      }}
    >
      <h1 id="change-password-title">Choose your password</h1>
      <p className="muted">
        {principal.displayName}, an administrator gave you a one-time password. Choose your own to go on: nobody else will know it.
      </p>
      <FormField label="One-time password" error={command.fieldErrors.currentPassword}>
        {(props) => <input {...props} type="password" autoComplete="current-password" autoFocus value={current} onChange={(event) => (setCurrent(event.target.value), command.edited('currentPassword'))} />}
      </FormField>
      <FormField label="New password" error={command.fieldErrors.password} hint={PASSWORD_POLICY}>
        {(props) => <input {...props} type="password" autoComplete="new-password" value={password} onChange={(event) => (setPassword(event.target.value), command.edited('password'))} />}
      </FormField>
      <FormField label="New password again" error={command.fieldErrors.confirm}>
        {(props) => <input {...props} type="password" autoComplete="new-password" value={confirm} onChange={(event) => (setConfirm(event.target.value), command.edited('confirm'))} />}
      </FormField>
      <FormError message={command.formError} />
      <div className="form__actions">
        <button type="submit" className="button--primary" disabled={command.busy}>
          {command.busy ? 'Saving…' : 'Save my password'}
        </button>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </form>
  );
}
