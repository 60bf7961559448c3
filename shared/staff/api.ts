/** The staff area's API: sign-in and the connection's session (public: a connection calls them before it signs in), and staff administration. */

import { z } from 'zod';
import { emptyInput } from '../api/fields.js';
import { command, query } from '../api/method.js';
import { changeStaffRolesSchema, disableStaffUserSchema, enableStaffUserSchema, provisionStaffUserSchema, resetStaffPasswordSchema } from './commands.js';
import { passwordInputSchema, usernameSchema } from './identity.js';
import { ROLES } from './roles.js';

/** The signed-in person as a connection sees them; `token` lets a reloaded page resume (auth.resume). */
export const sessionResult = z.object({
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  /** Locked after inactivity: only auth.unlock (the same password) opens it again. */
  locked: z.boolean(),
  /** Signed in with a one-time password an administrator set: only auth.changePassword is answered until it is replaced. */
  mustChangePassword: z.boolean(),
  token: z.string(),
});
export type SessionDto = z.infer<typeof sessionResult>;

export const authStatusResult = z.object({
  /** False on a new workstation: the first administrator is created with auth.bootstrap. */
  staffExists: z.boolean(),
  session: sessionResult.omit({ token: true }).nullable(),
  idleLockMinutes: z.number(),
});

const signInPassword = passwordInputSchema.min(1, 'Enter your password.');
/** The first administrator: the provisioning command's name fields, with the password as typed (main hashes it). */
export const bootstrapInput = provisionStaffUserSchema.pick({ username: true, displayName: true }).extend({ password: passwordInputSchema }).strict();
export const signInInput = z.object({ username: usernameSchema, password: signInPassword }).strict();
export const unlockInput = z.object({ password: signInPassword }).strict();
export const resumeInput = z.object({ token: z.string().trim().min(1).max(200) }).strict();
/** The signed-in person's own new password, proved by the current one (the one-time password after a reset). */
export const changeOwnPasswordInput = z.object({ currentPassword: signInPassword, newPassword: passwordInputSchema }).strict();
export const signOutResult = z.object({ signedOut: z.literal(true) });

export const staffUserRow = z.object({
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  disabled: z.boolean(),
  /** A reset is pending: the person has not chosen their own password since. */
  mustChangePassword: z.boolean(),
});
export type StaffUserRow = z.infer<typeof staffUserRow>;
export const staffListResult = z.object({ users: z.array(staffUserRow) });
/** The provisioning command's fields, with the password as typed: main hashes it and records the signed-in administrator. */
export const provisionStaffInput = provisionStaffUserSchema.pick({ username: true, displayName: true, roles: true }).extend({ password: passwordInputSchema }).strict();
export const disableStaffInput = disableStaffUserSchema.pick({ username: true, reason: true }).strict();
export const enableStaffInput = enableStaffUserSchema.pick({ username: true, reason: true }).strict();
export const changeStaffRolesInput = changeStaffRolesSchema.pick({ username: true, roles: true }).strict();
/** The one-time password as the administrator typed it (main hashes it); the person replaces it at their next sign-in. */
export const resetStaffPasswordInput = resetStaffPasswordSchema.pick({ username: true }).extend({ password: passwordInputSchema }).strict();
export const staffUsernameResult = z.object({ username: z.string() });

export const staffMethods = {
  'auth.status': query({ input: emptyInput, result: authStatusResult, permission: 'public' }),
  'auth.bootstrap': command({ input: bootstrapInput, result: sessionResult, permission: 'public' }),
  'auth.signIn': command({ input: signInInput, result: sessionResult, permission: 'public' }),
  'auth.signOut': command({ input: emptyInput, result: signOutResult, permission: 'public' }),
  'auth.unlock': command({ input: unlockInput, result: sessionResult, permission: 'public' }),
  'auth.lock': command({ input: emptyInput, result: sessionResult, permission: 'public' }),
  'auth.resume': command({ input: resumeInput, result: sessionResult, permission: 'public' }),
  'auth.changePassword': command({ input: changeOwnPasswordInput, result: sessionResult, permission: 'public' }),

  'staff.list': query({ input: emptyInput, result: staffListResult, permission: 'manageStaff' }),
  'staff.provision': command({ input: provisionStaffInput, result: staffUsernameResult, permission: 'manageStaff' }),
  'staff.disable': command({ input: disableStaffInput, result: staffUsernameResult, permission: 'manageStaff' }),
  'staff.enable': command({ input: enableStaffInput, result: staffUsernameResult, permission: 'manageStaff' }),
  'staff.changeRoles': command({ input: changeStaffRolesInput, result: staffUsernameResult, permission: 'manageStaff' }),
  'staff.resetPassword': command({ input: resetStaffPasswordInput, result: staffUsernameResult, permission: 'manageStaff' }),
} as const;
