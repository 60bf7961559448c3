/**
 * The staff user aggregate: pure decide / evolve. A user is provisioned once, may change roles or password, may have a
 * one-time password set by an administrator (to be replaced at the next sign-in), and is disabled and re-enabled.
 */

import type { CommandContext, Decider } from '../decider.js';
import { DomainError } from '../errors.js';
import type { StaffCommand } from './commands.js';
import type { StaffEvent, StaffSigningKey } from './events.js';
import type { Role } from './roles.js';

export interface StaffState {
  /** The stream's version: -1 before the first event. */
  readonly version: number;
  readonly exists: boolean;
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly passwordHash: string;
  /** The person's signing key as of this version (undefined for someone provisioned before signing, until their next sign-in). */
  readonly signingKey: StaffSigningKey | undefined;
  /** Set by an administrator's reset: the person signs in with the one-time password and must choose their own. */
  readonly mustChangePassword: boolean;
  readonly disabled: boolean;
  /** Times of failed sign-ins since the last lockout (oldest first, bounded). */
  readonly failures: readonly string[];
  readonly lockedUntil: string | null;
}

export const initialStaffState: StaffState = { version: -1, exists: false, username: '', displayName: '', roles: [], passwordHash: '', signingKey: undefined, mustChangePassword: false, disabled: false, failures: [], lockedUntil: null };

/** Failures remembered per user: enough for any lockout policy a branch would set. */
const KEPT_FAILURES = 100;

const notFound = (username: string) => new DomainError('STAFF_NOT_FOUND', `There is no staff user ${username}.`, 'username');

export function isLockedOut(state: StaffState, now: string): boolean {
  return state.lockedUntil !== null && Date.parse(state.lockedUntil) > Date.parse(now);
}

export function decideStaff(command: StaffCommand, state: StaffState, context: CommandContext): readonly StaffEvent[] | DomainError {
  if (command.type === 'ProvisionStaffUser') {
    if (state.exists) return new DomainError('STAFF_EXISTS', `There is already a staff user ${command.username}.`, 'username');
    const { type: _type, signingKey, ...data } = command;
    return [{ type: 'StaffUserProvisioned', data: { ...data, ...withKey(signingKey) } }];
  }
  if (!state.exists) return notFound(command.username);
  switch (command.type) {
    case 'ChangeStaffRoles':
      if (state.disabled) return new DomainError('VALIDATION', `${command.username} is disabled.`, 'username');
      return [{ type: 'StaffRolesChanged', data: { username: command.username, roles: command.roles, changedBy: command.changedBy } }];
    case 'ChangeStaffPassword':
      if (state.disabled) return new DomainError('VALIDATION', `${command.username} is disabled.`, 'username');
      return [{ type: 'StaffPasswordChanged', data: { username: command.username, passwordHash: command.passwordHash, changedBy: command.changedBy, ...withKey(command.signingKey) } }];
    case 'ResetStaffPassword':
      if (state.disabled) return new DomainError('VALIDATION', `${command.username} is disabled: enable them first.`, 'username');
      return [{ type: 'StaffPasswordReset', data: { username: command.username, passwordHash: command.passwordHash, resetBy: command.resetBy, ...withKey(command.signingKey) } }];
    case 'IssueStaffSigningKey':
      // Only someone without a key gets one this way: a key is replaced by a password change or an administrator's reset.
      if (state.signingKey) return new DomainError('VALIDATION', `${command.username} already has a signing key.`, 'username');
      return [{ type: 'StaffSigningKeyIssued', data: { username: command.username, signingKey: command.signingKey } }];
    case 'EnableStaffUser':
      // Enabling someone who is not disabled changes nothing: no event.
      if (!state.disabled) return [];
      return [{ type: 'StaffUserEnabled', data: { username: command.username, enabledBy: command.enabledBy, ...(command.reason ? { reason: command.reason } : {}) } }];
    case 'DisableStaffUser':
      // Disabling twice changes nothing: no second event.
      if (state.disabled) return [];
      return [{ type: 'StaffUserDisabled', data: { username: command.username, disabledBy: command.disabledBy, ...(command.reason ? { reason: command.reason } : {}) } }];
    case 'RecordFailedSignIn': {
      const now = Date.parse(context.now);
      const windowStart = now - command.windowMinutes * 60_000;
      const recent = state.failures.filter((at) => Date.parse(at) > windowStart).length + 1;
      const failed: StaffEvent = { type: 'StaffSignInFailed', data: { username: command.username, at: context.now } };
      if (recent < command.maxFailures) return [failed];
      const lockedUntil = new Date(now + command.windowMinutes * 60_000).toISOString();
      return [failed, { type: 'StaffLockedOut', data: { username: command.username, failedAttempts: recent, lockedUntil } }];
    }
  }
}

const withKey = (signingKey: StaffSigningKey | undefined) => (signingKey ? { signingKey } : {});

export function evolveStaff(state: StaffState, event: StaffEvent): StaffState {
  return { ...apply(state, event), version: state.version + 1 };
}

function apply(state: StaffState, event: StaffEvent): StaffState {
  switch (event.type) {
    case 'StaffUserProvisioned':
      return { ...initialStaffState, exists: true, username: event.data.username, displayName: event.data.displayName, roles: event.data.roles, passwordHash: event.data.passwordHash, signingKey: event.data.signingKey };
    case 'StaffRolesChanged':
      return { ...state, roles: event.data.roles };
    case 'StaffPasswordChanged':
      // A new password is a fresh start: earlier failures no longer count, and a lockout ends.
      return { ...state, passwordHash: event.data.passwordHash, signingKey: event.data.signingKey ?? state.signingKey, mustChangePassword: false, failures: [], lockedUntil: null };
    case 'StaffPasswordReset':
      return { ...state, passwordHash: event.data.passwordHash, signingKey: event.data.signingKey ?? state.signingKey, mustChangePassword: true, failures: [], lockedUntil: null };
    case 'StaffSigningKeyIssued':
      return { ...state, signingKey: event.data.signingKey };
    case 'StaffUserDisabled':
      return { ...state, disabled: true };
    case 'StaffUserEnabled':
      return { ...state, disabled: false };
    case 'StaffSignInFailed':
      return { ...state, failures: [...state.failures, event.data.at].slice(-KEPT_FAILURES) };
    case 'StaffLockedOut':
      // The failures that caused the lockout are spent: after it ends, the count starts again.
      return { ...state, failures: [], lockedUntil: event.data.lockedUntil };
  }
}

export const staffDecider: Decider<StaffCommand, StaffEvent, StaffState> = {
  initialState: initialStaffState,
  decide: decideStaff,
  evolve: evolveStaff,
};
