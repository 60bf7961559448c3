/** `fidelis staff …`: the first administrator (bootstrap), then adding, listing, roles, disabling and re-enabling staff, and passwords. */

import { DomainError } from '@fidelis/shared/errors.js';
import { ROLES, type Role } from '@fidelis/shared/staff/roles.js';
import type { StaffDirectoryEntry } from './staffDirectory.js';
import { signedInAs, type CliCommand, type CliContext } from '../cli/cliCommand.js';

const str = (context: CliContext, name: string): string | undefined => context.options[name] as string | undefined;

const secretOf = (context: CliContext, envVar: string, label: string): Promise<string> => {
  if (!context.secret) throw new DomainError('UNAUTHENTICATED', `Give ${label} in ${envVar}.`);
  return context.secret(envVar, label);
};

function rolesOf(text: string | undefined): Role[] {
  const roles = (text ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || unknown.length > 0) throw new DomainError('VALIDATION', `--roles is a comma-separated list of ${ROLES.join(', ')}${unknown.length ? ` (not ${unknown.join(', ')})` : ''}.`, 'roles');
  return roles as Role[];
}

export const staffCommands: CliCommand[] = [
  {
    words: ['staff', 'bootstrap'],
    args: [],
    options: { username: { type: 'string', value: 'NAME', help: 'The name to sign in with.' }, 'display-name': { type: 'string', value: 'TEXT', help: 'The full name shown on screens and records.' } },
    required: ['username', 'display-name'],
    access: 'public',
    summary: 'Create the first administrator of a new ledger (password from FIDELIS_PASSWORD or a prompt); refused once staff exist.',
    async run(context) {
      if (await context.host.staff.exists()) throw new DomainError('STAFF_EXISTS', 'This ledger already has staff: sign in with --user, and ask an administrator to add people.');
      const password = await secretOf(context, 'FIDELIS_PASSWORD', 'the new administrator\'s password');
      const admin = await context.host.staff.bootstrap({ username: str(context, 'username')!, displayName: str(context, 'display-name')!, password });
      return { username: admin.username, displayName: admin.displayName, roles: admin.roles };
    },
    text: (r: { username: string; roles: string[] }) => `${r.username} is the first administrator (${r.roles.join(', ')}). Add staff with: fidelis staff add --user ${r.username} …`,
  },
  {
    words: ['staff', 'add'],
    args: [],
    options: {
      username: { type: 'string', value: 'NAME', help: 'The name to sign in with.' },
      'display-name': { type: 'string', value: 'TEXT', help: 'The full name shown on screens and records.' },
      roles: { type: 'string', value: 'LIST', help: 'Comma-separated: teller, supervisor, compliance, administrator.' },
    },
    required: ['username', 'display-name', 'roles'],
    access: 'manageStaff',
    summary: "Add a staff user with roles (teller, supervisor, compliance, administrator); their password from FIDELIS_NEW_PASSWORD or a prompt.",
    async run(context) {
      const roles = rolesOf(str(context, 'roles'));
      const password = await secretOf(context, 'FIDELIS_NEW_PASSWORD', "the new user's password");
      return context.host.staff.provision(signedInAs(context), { username: str(context, 'username')!, displayName: str(context, 'display-name')!, roles, password });
    },
    text: (r: { username: string }) => `${r.username} added.`,
  },
  {
    words: ['staff', 'list'],
    readOnly: true,
    args: [],
    options: {},
    access: 'manageStaff',
    summary: 'List staff users with their roles.',
    run: async (context) => ({ users: await context.host.staff.list() }),
    text: (r: { users: StaffDirectoryEntry[] }) =>
      r.users.length === 0
        ? 'no staff'
        : r.users.map((u) => `${u.username.padEnd(20)} ${u.displayName.padEnd(30)} ${u.roles.join(',')}${u.disabled ? ' (disabled)' : ''}${u.mustChangePassword ? ' (one-time password)' : ''}`).join('\n'),
  },
  {
    words: ['staff', 'roles'],
    args: ['USERNAME'],
    options: { roles: { type: 'string', value: 'LIST', help: 'The new roles, comma-separated: teller, supervisor, compliance, administrator.' } },
    required: ['roles'],
    access: 'manageStaff',
    summary: "Change someone's roles (your own are changed by another administrator).",
    run: (context) => context.host.staff.changeRoles(signedInAs(context), context.args[0]!, rolesOf(str(context, 'roles'))),
    text: (r: { username: string }) => `roles of ${r.username} changed.`,
  },
  {
    words: ['staff', 'enable'],
    args: ['USERNAME'],
    options: { reason: { type: 'string', value: 'TEXT', help: 'Why, for the record.' } },
    access: 'manageStaff',
    summary: 'Enable a disabled staff user again, with the roles and password they had.',
    run: (context) => context.host.staff.enable(signedInAs(context), context.args[0]!, str(context, 'reason')),
    text: (r: { username: string }) => `${r.username} enabled.`,
  },
  {
    words: ['staff', 'reset-password'],
    args: ['USERNAME'],
    options: {},
    access: 'manageStaff',
    summary: 'Set a one-time password for someone (from FIDELIS_NEW_PASSWORD or a prompt): they choose their own at their next sign-in.',
    async run(context) {
      const password = await secretOf(context, 'FIDELIS_NEW_PASSWORD', 'the one-time password');
      return context.host.staff.resetPassword(signedInAs(context), context.args[0]!, password);
    },
    text: (r: { username: string }) => `${r.username} must choose a new password at their next sign-in.`,
  },
  {
    words: ['staff', 'disable'],
    args: ['USERNAME'],
    options: { reason: { type: 'string', value: 'TEXT', help: 'Why, for the record.' } },
    access: 'manageStaff',
    summary: 'Disable a staff user: they can no longer sign in, and their sessions end.',
    run: (context) => context.host.staff.disable(signedInAs(context), context.args[0]!, str(context, 'reason')),
    text: (r: { username: string }) => `${r.username} disabled.`,
  },
  {
    words: ['staff', 'passwd'],
    args: ['[USERNAME]'],
    options: {},
    // One's own password; someone else's needs manageStaff (checked by host.staff).
    access: 'signedIn',
    summary: "Change your password (or, as an administrator, someone's): the new one from FIDELIS_NEW_PASSWORD or a prompt.",
    async run(context) {
      const by = signedInAs(context);
      const username = context.args[0] ?? by.username;
      const password = await secretOf(context, 'FIDELIS_NEW_PASSWORD', 'the new password');
      // Signing in just proved the current password: it is the one given for --user.
      const current = username === by.username ? await secretOf(context, 'FIDELIS_PASSWORD', 'your current password') : undefined;
      return context.host.staff.changePassword(by, username, password, current);
    },
    text: (r: { username: string }) => `password of ${r.username} changed.`,
  },
];
