/** Staff (administrators): the people who may use this workstation, adding one with roles and a first password, disabling one. */

import { useState } from 'react';
import type { StaffUserRow } from '@fidelis/shared/staff/api.js';
import { ROLES, type Role } from '@fidelis/shared/staff/roles.js';
import { useApi, useLive, useQuery } from '../api/ApiProvider.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { FormError, FormField } from '../components/FormField.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { useCommand } from '../components/useCommand.js';
import { newPasswordProblem, PASSWORD_POLICY } from '../session/SignInForms.js';
import { useSession } from '../session/session.js';

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  teller: 'Teller',
  supervisor: 'Supervisor',
  compliance: 'Compliance',
  administrator: 'Administrator',
};

export function StaffScreen() {
  const staff = useQuery('staff.list', {});
  // Staff are provisioned on this workstation or arrive from the gateway: either way their stream changes.
  useLive('store', { category: 'staff' }, staff.reload);
  return (
    <section className="screen" aria-labelledby="staff-title">
      <h1 id="staff-title">Staff</h1>
      <StaffList staff={staff.data?.users} error={staff.status === 'error' ? staff.error : undefined} reload={staff.reload} />
      <ProvisionForm onProvisioned={staff.reload} />
    </section>
  );
}

function StaffList({ staff, error, reload }: { staff: readonly StaffUserRow[] | undefined; error: { code: string; message: string } | undefined; reload: () => void }) {
  const api = useApi();
  const me = useSession()?.principal.username;
  const [disabling, setDisabling] = useState<StaffUserRow | undefined>();
  const disable = useCommand<never>({});
  return (
    <section className="card" aria-labelledby="staff-list-title">
      <h2 id="staff-list-title">People</h2>
      {error ? <ErrorNotice error={error} onRetry={reload} /> : null}
      <FormError message={disable.formError} />
      {!staff ? (
        error ? null : <Loading what="staff" />
      ) : staff.length === 0 ? (
        <Empty>No staff yet.</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Name</th>
              <th scope="col">Roles</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {staff.map((user) => (
              <tr key={user.username}>
                <td>{user.username}</td>
                <td>{user.displayName}</td>
                <td>{user.roles.map((role) => ROLE_LABELS[role]).join(', ')}</td>
                <td>
                  <span className={`badge badge--${user.disabled ? 'closed' : 'active'}`}>{user.disabled ? 'Disabled' : 'Active'}</span>
                </td>
                <td>
                  {user.disabled || user.username === me ? null : (
                    <button type="button" className="button--small" onClick={() => setDisabling(user)}>
                      Disable {user.username}…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {disabling ? (
        <ConfirmDialog
          title={`Disable ${disabling.displayName}?`}
          confirmLabel="Disable"
          danger
          busy={disable.busy}
          onCancel={() => setDisabling(undefined)}
          onConfirm={async () => {
            const done = await disable.run(() => api.call('staff.disable', { username: disabling.username }));
            setDisabling(undefined);
            if (done) reload();
          }}
        >
          <p>{disabling.username} can no longer sign in or approve. Everything they recorded stays in the ledger under their name.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

type Field = 'username' | 'displayName' | 'roles' | 'password' | 'confirm';
const FIELD_OF: Record<string, Field> = { username: 'username', displayName: 'displayName', roles: 'roles', password: 'password' };

export function ProvisionForm({ onProvisioned }: { onProvisioned: () => void }) {
  const api = useApi();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<readonly Role[]>(['teller']);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [added, setAdded] = useState<string | undefined>();
  const command = useCommand(FIELD_OF);
  const clear = () => (setUsername(''), setDisplayName(''), setRoles(['teller']), setPassword(''), setConfirm(''), command.reset());

  return (
    <form
      className="card form"
      aria-labelledby="provision-title"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        setAdded(undefined);
        command.reset();
        if (username.trim() === '') return command.setFieldError('username', 'Enter a username.');
        if (displayName.trim() === '') return command.setFieldError('displayName', "Enter the person's name.");
        if (roles.length === 0) return command.setFieldError('roles', 'Give the person at least one role.');
        const problem = newPasswordProblem(password, confirm);
        if (problem) return command.setFieldError(problem.field, problem.message);
        let created: string | undefined;
        await command.run(async () => {
          created = (await api.call('staff.provision', { username: username.trim(), displayName: displayName.trim(), roles: [...roles], password })).username;
        });
        if (created) {
          setAdded(`${displayName.trim()} (${created}) can now sign in with the initial password.`);
          clear();
          onProvisioned();
        }
      }}
      onKeyDown={(event) => event.key === 'Escape' && clear()}
    >
      <h2 id="provision-title">Add a person</h2>
      <div className="form__row">
        <FormField label="Username" error={command.fieldErrors.username}>
          {(props) => <input {...props} type="text" autoComplete="off" spellCheck={false} value={username} onChange={(event) => setUsername(event.target.value)} />}
        </FormField>
        <FormField label="Display name" error={command.fieldErrors.displayName}>
          {(props) => <input {...props} type="text" autoComplete="off" value={displayName} onChange={(event) => setDisplayName(event.target.value)} />}
        </FormField>
      </div>
      <fieldset className={`checkboxes${command.fieldErrors.roles ? ' field--invalid' : ''}`} aria-describedby={command.fieldErrors.roles ? 'roles-error' : undefined}>
        <legend>Roles</legend>
        {ROLES.map((role) => (
          <label key={role}>
            <input
              type="checkbox"
              checked={roles.includes(role)}
              onChange={(event) => setRoles((current) => (event.target.checked ? [...current, role] : current.filter((r) => r !== role)))}
            />{' '}
            {ROLE_LABELS[role]}
          </label>
        ))}
        {command.fieldErrors.roles ? (
          <span id="roles-error" className="field__error" role="alert">
            {command.fieldErrors.roles}
          </span>
        ) : null}
      </fieldset>
      <div className="form__row">
        <FormField label="Initial password" error={command.fieldErrors.password} hint={PASSWORD_POLICY}>
          {(props) => <input {...props} type="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} />}
        </FormField>
        <FormField label="Initial password again" error={command.fieldErrors.confirm}>
          {(props) => <input {...props} type="password" autoComplete="new-password" value={confirm} onChange={(event) => setConfirm(event.target.value)} />}
        </FormField>
      </div>
      <FormError message={command.formError} />
      <button type="submit" className="button--primary" disabled={command.busy}>
        {command.busy ? 'Adding…' : 'Add person'}
      </button>
      <p className="form__status" role="status" aria-live="polite">
        {added}
      </p>
    </form>
  );
}
