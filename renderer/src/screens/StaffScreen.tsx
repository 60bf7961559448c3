/**
 * Staff (administrators): the people who may use this workstation; adding one with roles and a first password;
 * changing someone's roles, giving them a one-time password, disabling and re-enabling them.
 */

import { useState } from 'react';
import type { StaffUserRow } from '@fidelis/shared/staff/api.js';
import { ROLES, type Role } from '@fidelis/shared/staff/roles.js';
import { toApiError, useApi, useLive, useQuery } from '../api/ApiProvider.js';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { FormDialog } from '../components/FormDialog.js';
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

type Action = { readonly kind: 'roles' | 'reset' | 'disable' | 'enable'; readonly user: StaffUserRow };

function StaffList({ staff, error, reload }: { staff: readonly StaffUserRow[] | undefined; error: { code: string; message: string } | undefined; reload: () => void }) {
  const me = useSession()?.principal.username;
  const [action, setAction] = useState<Action | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const finish = (message: string) => {
    setAction(undefined);
    setDone(message);
    reload();
  };
  const open = (kind: Action['kind'], user: StaffUserRow) => {
    setDone(undefined);
    setAction({ kind, user });
  };
  return (
    <section className="card" aria-labelledby="staff-list-title">
      <h2 id="staff-list-title">People</h2>
      {error ? <ErrorNotice error={error} onRetry={reload} /> : null}
      <p className="form__status" role="status" aria-live="polite">
        {done}
      </p>
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
                  {user.mustChangePassword && !user.disabled ? <span className="badge badge--pending">One-time password</span> : null}
                </td>
                <td className="table__actions">
                  {user.username === me ? (
                    <span className="muted">You</span>
                  ) : user.disabled ? (
                    <button type="button" className="button--small" onClick={() => open('enable', user)}>
                      Enable {user.username}…
                    </button>
                  ) : (
                    <span className="button-group">
                      <button type="button" className="button--small" onClick={() => open('roles', user)}>
                        Roles of {user.username}…
                      </button>
                      <button type="button" className="button--small" onClick={() => open('reset', user)}>
                        Reset password of {user.username}…
                      </button>
                      <button type="button" className="button--small" onClick={() => open('disable', user)}>
                        Disable {user.username}…
                      </button>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {action?.kind === 'roles' ? <RolesDialog user={action.user} onCancel={() => setAction(undefined)} onDone={finish} /> : null}
      {action?.kind === 'reset' ? <ResetPasswordDialog user={action.user} onCancel={() => setAction(undefined)} onDone={finish} /> : null}
      {action?.kind === 'disable' || action?.kind === 'enable' ? <EnableDialog kind={action.kind} user={action.user} onCancel={() => setAction(undefined)} onDone={finish} /> : null}
    </section>
  );
}

interface DialogProps {
  readonly user: StaffUserRow;
  readonly onCancel: () => void;
  readonly onDone: (message: string) => void;
}

/** The role checkboxes, shared by adding a person and changing someone's roles. */
function RoleChoice({ roles, onChange, error, errorId }: { roles: readonly Role[]; onChange: (roles: Role[]) => void; error: string | undefined; errorId: string }) {
  return (
    <fieldset className={`checkboxes${error ? ' field--invalid' : ''}`} aria-describedby={error ? errorId : undefined}>
      <legend>Roles</legend>
      {ROLES.map((role) => (
        <label key={role}>
          <input type="checkbox" checked={roles.includes(role)} onChange={(event) => onChange(event.target.checked ? [...roles, role] : roles.filter((r) => r !== role))} />{' '}
          {ROLE_LABELS[role]}
        </label>
      ))}
      {error ? (
        <span id={errorId} className="field__error" role="alert">
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}

function RolesDialog({ user, onCancel, onDone }: DialogProps) {
  const api = useApi();
  const [roles, setRoles] = useState<Role[]>([...user.roles]);
  const [error, setError] = useState<{ roles?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  return (
    <FormDialog
      title={`Roles of ${user.displayName}`}
      description={<p>What {user.username} may do from their next call on. Everything they recorded stays as it was.</p>}
      submitLabel="Save roles"
      busy={busy}
      error={error.form}
      onCancel={onCancel}
      onSubmit={async () => {
        if (roles.length === 0) return setError({ roles: 'Give the person at least one role.' });
        setBusy(true);
        setError({});
        try {
          await api.call('staff.changeRoles', { username: user.username, roles });
          onDone(`${user.displayName} is now ${roles.map((role) => ROLE_LABELS[role]).join(', ')}.`);
        } catch (failure) {
          const refusal = toApiError(failure);
          setError(refusal.field === 'roles' ? { roles: refusal.message } : { form: refusal.message });
          setBusy(false);
        }
      }}
    >
      <RoleChoice roles={roles} onChange={(next) => (setRoles(next), setError({}))} error={error.roles} errorId="change-roles-error" />
    </FormDialog>
  );
}

function ResetPasswordDialog({ user, onCancel, onDone }: DialogProps) {
  const api = useApi();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<{ password?: string; confirm?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  return (
    <FormDialog
      title={`Reset the password of ${user.displayName}`}
      description={<p>Give {user.username} a one-time password. They sign in with it once and must then choose their own before anything else.</p>}
      submitLabel="Set one-time password"
      busy={busy}
      error={error.form}
      onCancel={onCancel}
      onSubmit={async () => {
        const problem = newPasswordProblem(password, confirm);
        if (problem) return setError({ [problem.field]: problem.message });
        setBusy(true);
        setError({});
        try {
          await api.call('staff.resetPassword', { username: user.username, password });
          onDone(`${user.displayName} signs in with the one-time password and then chooses their own.`);
        } catch (failure) {
          const refusal = toApiError(failure);
          setPassword('');
          setConfirm('');
          setError(refusal.field === 'password' ? { password: refusal.message } : { form: refusal.message });
          setBusy(false);
        }
      }}
    >
      <FormField label="One-time password" error={error.password} hint={PASSWORD_POLICY}>
        {(props) => <input {...props} type="password" autoComplete="new-password" value={password} onChange={(event) => (setPassword(event.target.value), setError({}))} />}
      </FormField>
      <FormField label="One-time password again" error={error.confirm}>
        {(props) => <input {...props} type="password" autoComplete="new-password" value={confirm} onChange={(event) => (setConfirm(event.target.value), setError({}))} />}
      </FormField>
    </FormDialog>
  );
}

function EnableDialog({ kind, user, onCancel, onDone }: DialogProps & { kind: 'disable' | 'enable' }) {
  const api = useApi();
  const command = useCommand<never>({});
  const disabling = kind === 'disable';
  return (
    <ConfirmDialog
      title={`${disabling ? 'Disable' : 'Enable'} ${user.displayName}?`}
      confirmLabel={disabling ? 'Disable' : 'Enable'}
      danger={disabling}
      busy={command.busy}
      onCancel={onCancel}
      onConfirm={async () => {
        const accepted = await command.run(() => api.call(disabling ? 'staff.disable' : 'staff.enable', { username: user.username }));
        if (accepted) onDone(`${user.displayName} is ${disabling ? 'disabled' : 'enabled again'}.`);
      }}
    >
      <p>
        {disabling
          ? `${user.username} can no longer sign in or approve, and their open sessions end. Everything they recorded stays in the ledger under their name.`
          : `${user.username} may sign in again, with the roles (${user.roles.map((role) => ROLE_LABELS[role]).join(', ')}) and password they had.`}
      </p>
      <FormError message={command.formError} />
    </ConfirmDialog>
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
  const edit = (field: Field) => (setAdded(undefined), command.edited(field));

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
          {(props) => <input {...props} type="text" autoComplete="off" spellCheck={false} value={username} onChange={(event) => (setUsername(event.target.value), edit('username'))} />}
        </FormField>
        <FormField label="Display name" error={command.fieldErrors.displayName}>
          {(props) => <input {...props} type="text" autoComplete="off" value={displayName} onChange={(event) => (setDisplayName(event.target.value), edit('displayName'))} />}
        </FormField>
      </div>
      <RoleChoice roles={roles} onChange={(next) => (setRoles(next), edit('roles'))} error={command.fieldErrors.roles} errorId="roles-error" />
      <div className="form__row">
        <FormField label="Initial password" error={command.fieldErrors.password} hint={PASSWORD_POLICY}>
          {(props) => <input {...props} type="password" autoComplete="new-password" value={password} onChange={(event) => (setPassword(event.target.value), edit('password'))} />}
        </FormField>
        <FormField label="Initial password again" error={command.fieldErrors.confirm}>
          {(props) => <input {...props} type="password" autoComplete="new-password" value={confirm} onChange={(event) => (setConfirm(event.target.value), edit('confirm'))} />}
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
