/**
 * Staff in main: the first administrator (bootstrap), provisioning by an administrator (roles, disabling and
 * re-enabling, one-time passwords), authentication with a lockout after repeated wrong passwords, and dual-control
 * approvals. Every change is an event in `staff-<username>`.
 */

import type { KeyObject } from 'node:crypto';
import type { Subscription } from 'rxjs';
import { z } from 'zod';
import { DomainError, isDomainError } from '@fidelis/shared/errors.js';
import {
  checkPasswordPolicy,
  displayNameSchema,
  hasPermission,
  isLockedOut,
  requirePermission,
  usernameSchema,
  type Approval,
  type Principal,
  type Role,
  type StaffCommand,
  type StaffState,
} from '@fidelis/shared/staff/index.js';
import type { CommandOutcome } from '../ledger/commandPipeline.js';
import type { Logger } from '../log.js';
import type { ReadModels } from '../projections/readModels.js';
import type { EventStore } from '../store/eventStore.js';
import { parseOrThrow } from '@fidelis/shared/validation.js';
import { hashPassword, hashPasswordWithKey, verifyPasswordWithKey } from './passwordHash.js';
import { newSigningKeyPair, openSigningKey, sealSigningKey } from './signingKeys.js';
import { createSessions, type Sessions } from './sessions.js';
import { createSignInAttempts } from './signInAttempts.js';
import { STAFF_DIRECTORY, staffKey, type StaffDirectoryEntry } from './staffDirectory.js';

/** A username as typed (a CLI argument arrives raw): a refusal on `username`, never a bare ZodError. */
const parseUsername = (username: string): string => parseOrThrow(z.object({ username: usernameSchema }), { username }).username;
/** A new person's name as typed: refused on `displayName` before anything is hashed or stored. */
const parseDisplayName = (displayName: string): string => parseOrThrow(z.object({ displayName: displayNameSchema }), { displayName }).displayName;

/** Who bootstrap is recorded as: nobody was signed in yet. */
export const BOOTSTRAP_ACTOR = 'bootstrap';
/** Who a failed sign-in is recorded as: the person typing is, by definition, not known. */
export const UNAUTHENTICATED_ACTOR = 'unauthenticated';

export interface StaffSettings {
  readonly kdfLog2Cost: number;
  readonly signInMaxFailures: number;
  readonly signInLockoutMinutes: number;
  readonly sessionIdleMinutes: number;
}

export interface StaffDeps {
  readonly settings: StaffSettings;
  readonly clock: () => Date;
  readonly store: EventStore;
  readonly readModels: ReadModels;
  readonly logger: Logger;
  loadStaff(username: string): Promise<StaffState>;
  /** Runs a staff command with `actor` in its events' meta; resolves once the directory holds them. */
  run(command: StaffCommand, actor: string): Promise<CommandOutcome>;
}

export interface NewStaffUser {
  readonly username: string;
  readonly displayName: string;
  readonly password: string;
}

export interface Staff {
  /** False on a new workstation, until bootstrap (or until users arrive from the gateway). */
  exists(): Promise<boolean>;
  /** Creates the first administrator; refused once any staff user exists. */
  bootstrap(user: NewStaffUser): Promise<Principal>;
  provision(by: Principal, user: NewStaffUser & { readonly roles: readonly Role[] }): Promise<{ username: string }>;
  disable(by: Principal, username: string, reason?: string): Promise<{ username: string }>;
  /** A disabled person may sign in again, with the roles and password they had. */
  enable(by: Principal, username: string, reason?: string): Promise<{ username: string }>;
  /** Another person's roles (one's own are changed by another administrator: nobody grants themself anything). */
  changeRoles(by: Principal, username: string, roles: readonly Role[]): Promise<{ username: string }>;
  /** Anyone may change their own password (knowing the current one); an administrator may set anyone's. */
  changePassword(by: Principal, username: string, password: string, currentPassword?: string): Promise<{ username: string }>;
  /** An administrator sets a one-time password for someone else, who must choose their own at their next sign-in. */
  resetPassword(by: Principal, username: string, password: string): Promise<{ username: string }>;
  /** Whether the person signed in with a one-time password and has not chosen their own yet. */
  mustChangePassword(username: string): Promise<boolean>;
  list(): Promise<StaffDirectoryEntry[]>;
  /** The active person behind a username (undefined when unknown or disabled): sessions re-read it on every call. */
  principalOf(username: string): Promise<Principal | undefined>;
  /** Throws INVALID_CREDENTIALS (never saying which part was wrong) or STAFF_LOCKED_OUT. */
  authenticate(username: string, password: string): Promise<Principal>;
  /** The approver of a dual-control command: another person, holding 'approve', with their password. Errors name 'approval'. */
  verifyApproval(actor: Principal, approval: Approval): Promise<Principal>;
  /** A second person confirming a command with their password: their key is lent to sign that command as approver. */
  confirm(username: string, password: string): Promise<Principal>;
  /** The key that signs `username`'s own commits now: an unlocked session's here, or one lent at their sign-in. */
  signingKeyOf(username: string): KeyObject | undefined;
  /** The key `username` lent by confirming a command (used once, for that command's approver signature). */
  takeApproverKey(username: string): KeyObject | undefined;
  readonly sessions: Sessions;
  close(): void;
}

/** How long a key lent by a password typed for one command stays open if that command never reaches the store. */
const LENT_KEY_MS = 60_000;

const invalidCredentials = (field?: string) => new DomainError('INVALID_CREDENTIALS', 'The username or password is not right.', field);

export function createStaff(deps: StaffDeps): Staff {
  const { settings } = deps;
  let bootstrapping: Promise<unknown> = Promise.resolve();
  /** A hash to verify against when the user is unknown, so a wrong username costs as long as a wrong password. */
  let decoy: Promise<string> | undefined;
  const attempts = createSignInAttempts({ maxChecks: settings.signInMaxFailures, windowMinutes: settings.signInLockoutMinutes, clock: deps.clock });
  const decoyHash = () => (decoy ??= hashPassword('decoy password, never matches', settings.kdfLog2Cost));

  const entryOf = (username: string) => deps.readModels.document<StaffDirectoryEntry>(STAFF_DIRECTORY, staffKey(username));
  const toPrincipal = (entry: { username: string; displayName: string; roles: readonly Role[] }): Principal => ({ username: entry.username, displayName: entry.displayName, roles: [...entry.roles] });

  async function exists(): Promise<boolean> {
    return (await deps.readModels.documents<StaffDirectoryEntry>(STAFF_DIRECTORY, { limit: 1 })).length > 0;
  }

  async function principalOf(username: string): Promise<Principal | undefined> {
    const entry = await entryOf(username);
    return entry && !entry.disabled ? toPrincipal(entry) : undefined;
  }

  async function provisionWith(actor: string, user: NewStaffUser & { readonly roles: readonly Role[] }) {
    const username = parseUsername(user.username);
    const displayName = parseDisplayName(user.displayName);
    checkPasswordPolicy(user.password, username);
    const { hash: passwordHash, sealingKey } = await hashPasswordWithKey(user.password, settings.kdfLog2Cost);
    const signingKey = sealSigningKey(username, newSigningKeyPair(), sealingKey);
    await deps.run({ type: 'ProvisionStaffUser', username, displayName, roles: [...user.roles], passwordHash, provisionedBy: actor, signingKey }, actor);
    return username;
  }

  /** Keys opened by a password typed for one command (an approval, a first key), kept briefly until the signer takes them. */
  const lent = new Map<string, { key: KeyObject; until: number }[]>();
  function lend(username: string, key: KeyObject): void {
    lent.set(username, [...(lent.get(username) ?? []), { key, until: deps.clock().getTime() + LENT_KEY_MS }]);
  }
  function lentKey(username: string, take: boolean): KeyObject | undefined {
    const now = deps.clock().getTime();
    const live = (lent.get(username) ?? []).filter((l) => l.until > now);
    const found = live[0];
    const rest = take ? live.slice(1) : live;
    if (rest.length > 0) lent.set(username, rest);
    else lent.delete(username);
    return found?.key;
  }

  /** A person's sign-in: their key opened with the password's sealing key, or (provisioned before signing) a new pair issued and recorded. */
  async function authenticateWithKey(username: string, password: string): Promise<{ principal: Principal; signingKey: KeyObject | undefined }> {
    const { state, sealingKey } = await check(username, password);
    const principal = toPrincipal(state);
    if (state.signingKey) {
      const signingKey = openSigningKey(state.username, state.signingKey, sealingKey);
      if (!signingKey) deps.logger.error({ username: state.username }, 'the signing key of a staff user does not open with their password; their commits go unsigned');
      return { principal, signingKey };
    }
    const pair = newSigningKeyPair();
    // The issuing commit is signed by the key it records: lent for that one commit, before the session exists.
    lend(state.username, pair.privateKey);
    await deps.run({ type: 'IssueStaffSigningKey', username: state.username, signingKey: sealSigningKey(state.username, pair, sealingKey) }, state.username);
    deps.logger.info({ username: state.username }, 'signing key issued at sign-in');
    return { principal, signingKey: pair.privateKey };
  }

  async function authenticate(username: string, password: string): Promise<Principal> {
    return toPrincipal((await check(username, password)).state);
  }

  /** The password check: the person's state and the sealing key the same scrypt run yields. */
  async function check(username: string, password: string): Promise<{ state: StaffState; sealingKey: Buffer }> {
    const parsed = usernameSchema.safeParse(username);
    // Reserved before anything awaits: parallel sign-ins cannot all pass a count that is only recorded after the hash.
    const release = attempts.reserve(parsed.success ? parsed.data : username);
    if (!release) throw tooManyChecks();
    const state = parsed.success ? await deps.loadStaff(parsed.data) : undefined;
    const now = deps.clock().toISOString();
    if (state?.exists && !state.disabled && isLockedOut(state, now)) {
      release();
      throw lockedOut(state.lockedUntil!);
    }
    if (!state?.exists || state.disabled) {
      await verifyPasswordWithKey(password, await decoyHash());
      throw invalidCredentials();
    }
    const sealingKey = await verifyPasswordWithKey(password, state.passwordHash);
    if (sealingKey) {
      release();
      return { state, sealingKey };
    }
    const outcome = await recordFailure(state.username);
    const lockout = outcome.events.find((e) => e.type.startsWith('Fidelis.StaffLockedOut.'));
    if (lockout) {
      deps.logger.warn({ username: state.username }, 'staff user locked out after failed sign-ins');
      throw lockedOut(String(lockout.data['lockedUntil']));
    }
    throw invalidCredentials();
  }

  /** Failures of one user are recorded one after another: parallel appends to one stream would conflict. */
  const recording = new Map<string, Promise<unknown>>();
  function recordFailure(username: string): Promise<CommandOutcome> {
    const record = (recording.get(username) ?? Promise.resolve()).then(() =>
      deps.run({ type: 'RecordFailedSignIn', username, maxFailures: settings.signInMaxFailures, windowMinutes: settings.signInLockoutMinutes }, UNAUTHENTICATED_ACTOR),
    );
    const settled = record.catch(() => undefined);
    recording.set(username, settled);
    void settled.then(() => {
      if (recording.get(username) === settled) recording.delete(username);
    });
    return record;
  }

  /** The same refusal as a lockout, for the user's checks spent in this window (in flight or wrong) before one was recorded. */
  const tooManyChecks = () =>
    new DomainError('STAFF_LOCKED_OUT', 'Too many sign-in attempts for this user: wait a few minutes and try again. A supervisor can see the attempts in the audit trail.', 'username');

  const lockedOut = (until: string) =>
    new DomainError('STAFF_LOCKED_OUT', `Too many wrong passwords: this user is locked out until ${until.slice(11, 16)} UTC. A supervisor can see the attempts in the audit trail.`, 'username');

  async function mustChangePassword(username: string): Promise<boolean> {
    return (await entryOf(username))?.mustChangePassword === true;
  }

  const sessions = createSessions({ authenticateWithKey, principalOf, mustChangePassword, clock: deps.clock, idleMinutes: settings.sessionIdleMinutes });
  // A disabled user's sessions, and a changed or reset password's, end at once wherever the change was recorded
  // (here or pulled from the gateway): whoever held the old password or an open screen signs in again.
  const disabledWatch: Subscription = deps.store.appended$.subscribe((events) => {
    for (const event of events) {
      const username = String(event.data['username']);
      if (event.type.startsWith('Fidelis.StaffUserDisabled.')) sessions.endAllOf(username);
      if (event.type.startsWith('Fidelis.StaffPasswordChanged.') || event.type.startsWith('Fidelis.StaffPasswordReset.')) {
        sessions.endAllOf(username);
        attempts.forget(username);
      }
    }
  });

  /** A password check that also opens the person's key (none for someone provisioned before signing). */
  async function opened(username: string, password: string): Promise<{ principal: Principal; key: KeyObject | undefined }> {
    const { state, sealingKey } = await check(username, password);
    return { principal: toPrincipal(state), key: state.signingKey ? openSigningKey(state.username, state.signingKey, sealingKey) : undefined };
  }

  /** Someone else's record, by an administrator: refusals name `username`. */
  const otherThanSelf = (by: Principal, username: string, refusal: string): string => {
    requirePermission(by, 'manageStaff');
    const name = parseUsername(username);
    if (name === by.username) throw new DomainError('FORBIDDEN', refusal, 'username');
    return name;
  };

  return {
    exists,
    principalOf,
    authenticate,
    mustChangePassword,
    sessions,

    bootstrap(user) {
      // One at a time: two first administrators created at once would both see an empty directory.
      const run = bootstrapping.then(async () => {
        if (await exists()) throw new DomainError('STAFF_EXISTS', 'Fidelis already has staff users: sign in, and ask an administrator to add people.');
        const username = await provisionWith(BOOTSTRAP_ACTOR, { ...user, roles: ['administrator'] });
        return toPrincipal({ username, displayName: user.displayName.trim(), roles: ['administrator'] });
      });
      bootstrapping = run.catch(() => undefined);
      return run;
    },

    async provision(by, user) {
      requirePermission(by, 'manageStaff');
      return { username: await provisionWith(by.username, user) };
    },

    async disable(by, username, reason) {
      const name = otherThanSelf(by, username, 'You cannot disable yourself: ask another administrator.');
      await deps.run({ type: 'DisableStaffUser', username: name, disabledBy: by.username, ...(reason ? { reason } : {}) }, by.username);
      return { username: name };
    },

    async enable(by, username, reason) {
      const name = otherThanSelf(by, username, 'You cannot enable yourself: ask another administrator.');
      await deps.run({ type: 'EnableStaffUser', username: name, enabledBy: by.username, ...(reason ? { reason } : {}) }, by.username);
      return { username: name };
    },

    async changeRoles(by, username, roles) {
      const name = otherThanSelf(by, username, 'You cannot change your own roles: ask another administrator.');
      await deps.run({ type: 'ChangeStaffRoles', username: name, roles: [...roles], changedBy: by.username }, by.username);
      return { username: name };
    },

    async resetPassword(by, username, password) {
      const name = otherThanSelf(by, username, 'You cannot reset your own password: change it with your current one.');
      checkPasswordPolicy(password, name);
      // A new key pair with the one-time password: whoever knew the old password cannot sign as them any more.
      const { hash: passwordHash, sealingKey } = await hashPasswordWithKey(password, settings.kdfLog2Cost);
      const signingKey = sealSigningKey(name, newSigningKeyPair(), sealingKey);
      await deps.run({ type: 'ResetStaffPassword', username: name, passwordHash, resetBy: by.username, signingKey }, by.username);
      return { username: name };
    },

    async changePassword(by, username, password, currentPassword) {
      const name = parseUsername(username);
      let current: { state: StaffState; sealingKey: Buffer } | undefined;
      if (name !== by.username) requirePermission(by, 'manageStaff');
      else {
        // Changing one's own password proves the current one first, administrators too: a session left open is not enough.
        current = await check(name, currentPassword ?? '').catch((error: unknown) => {
          throw isDomainError(error) ? new DomainError(error.code, error.message, 'currentPassword') : error;
        });
      }
      if (name === by.username && password === currentPassword) throw new DomainError('VALIDATION', 'Choose a password different from the current one.', 'password');
      checkPasswordPolicy(password, name);
      const { hash: passwordHash, sealingKey } = await hashPasswordWithKey(password, settings.kdfLog2Cost);
      // One's own key is re-sealed under the new password (old signatures and the public key stay); set by an
      // administrator, who cannot open it, the password comes with a new pair.
      const opened = current?.state.signingKey ? openSigningKey(name, current.state.signingKey, current.sealingKey) : undefined;
      const pair = opened && current?.state.signingKey ? { privateKey: opened, publicKey: current.state.signingKey.publicKey } : newSigningKeyPair();
      if (current && !current.state.signingKey) lend(name, pair.privateKey);
      await deps.run({ type: 'ChangeStaffPassword', username: name, passwordHash, changedBy: by.username, signingKey: sealSigningKey(name, pair, sealingKey) }, by.username);
      return { username: name };
    },

    async list() {
      return deps.readModels.documents<StaffDirectoryEntry>(STAFF_DIRECTORY, { orderBy: 'key' });
    },

    async verifyApproval(actor, approval) {
      const name = usernameSchema.safeParse(approval.username);
      if (name.success && name.data === actor.username) {
        throw new DomainError('FORBIDDEN', 'Another person must approve: you cannot approve your own transaction.', 'approval');
      }
      let approver: Principal;
      let key: KeyObject | undefined;
      try {
        ({ principal: approver, key } = await opened(approval.username, approval.password));
      } catch (error) {
        if (isDomainError(error)) throw new DomainError(error.code, error.code === 'INVALID_CREDENTIALS' ? "The approver's username or password is not right." : error.message, 'approval');
        throw error;
      }
      if (!hasPermission(approver, 'approve')) throw new DomainError('FORBIDDEN', `${approver.displayName} cannot approve: approval needs a supervisor.`, 'approval');
      if (key) lend(approver.username, key);
      return approver;
    },

    async confirm(username, password) {
      const { principal, key } = await opened(username, password);
      if (key) lend(principal.username, key);
      return principal;
    },

    signingKeyOf: (username) => sessions.signingKeyOf(username) ?? lentKey(username, false),
    takeApproverKey: (username) => lentKey(username, true),

    close() {
      disabledWatch.unsubscribe();
      sessions.clear();
      lent.clear();
    },
  };
}
