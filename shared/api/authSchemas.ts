/** Payloads of sign-in, session and staff administration: the only methods a connection may call before it signs in. */

import { z } from 'zod';
import { displayNameSchema, passwordInputSchema, rolesSchema, usernameSchema } from '../staff/identity.js';
import { ROLES } from '../staff/roles.js';

export { approvalSchema } from '../staff/identity.js';

/** The signed-in person as a connection sees them; `token` lets a reloaded page resume (auth.resume). */
export const sessionResult = z.object({
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  /** Locked after inactivity: only auth.unlock (the same password) opens it again. */
  locked: z.boolean(),
  token: z.string(),
});
export type SessionDto = z.infer<typeof sessionResult>;

export const authStatusResult = z.object({
  /** False on a new workstation: the first administrator is created with auth.bootstrap. */
  staffExists: z.boolean(),
  session: z
    .object({ username: z.string(), displayName: z.string(), roles: z.array(z.enum(ROLES)), locked: z.boolean() })
    .nullable(),
  idleLockMinutes: z.number(),
});

export const bootstrapInput = z.object({ username: usernameSchema, displayName: displayNameSchema, password: passwordInputSchema }).strict();
export const signInInput = z.object({ username: usernameSchema, password: passwordInputSchema.min(1, 'Enter your password.') }).strict();
export const unlockInput = z.object({ password: passwordInputSchema.min(1, 'Enter your password.') }).strict();
export const resumeInput = z.object({ token: z.string().trim().min(1).max(200) }).strict();
export const signOutResult = z.object({ signedOut: z.literal(true) });

export const staffUserRow = z.object({ username: z.string(), displayName: z.string(), roles: z.array(z.enum(ROLES)), disabled: z.boolean() });
export type StaffUserRow = z.infer<typeof staffUserRow>;
export const staffListResult = z.object({ users: z.array(staffUserRow) });
export const provisionStaffInput = z
  .object({ username: usernameSchema, displayName: displayNameSchema, roles: rolesSchema, password: passwordInputSchema })
  .strict();
export const disableStaffInput = z.object({ username: usernameSchema }).strict();
export const staffUsernameResult = z.object({ username: z.string() });
