/** Staff commands as main issues them: passwords arrive already hashed (the KDF is I/O-bound work for main). */

import { z } from 'zod';
import { staffSigningKeySchema } from './events.js';
import { displayNameSchema, rolesSchema, usernameSchema } from './identity.js';

const passwordHash = z.string().min(1).max(500);
const by = z.string().trim().min(1).max(100);

export const provisionStaffUserSchema = z.object({
  type: z.literal('ProvisionStaffUser'),
  username: usernameSchema,
  displayName: displayNameSchema,
  roles: rolesSchema,
  passwordHash,
  provisionedBy: by,
  signingKey: staffSigningKeySchema.optional(),
});
export const changeStaffRolesSchema = z.object({ type: z.literal('ChangeStaffRoles'), username: usernameSchema, roles: rolesSchema, changedBy: by });
export const changeStaffPasswordSchema = z.object({ type: z.literal('ChangeStaffPassword'), username: usernameSchema, passwordHash, changedBy: by, signingKey: staffSigningKeySchema.optional() });
/** An administrator sets a one-time password: the person must choose their own at their next sign-in. */
export const resetStaffPasswordSchema = z.object({ type: z.literal('ResetStaffPassword'), username: usernameSchema, passwordHash, resetBy: by, signingKey: staffSigningKeySchema.optional() });
/** A person without a signing key (provisioned before signing) gets one at sign-in. */
export const issueStaffSigningKeySchema = z.object({ type: z.literal('IssueStaffSigningKey'), username: usernameSchema, signingKey: staffSigningKeySchema });
export const disableStaffUserSchema = z.object({ type: z.literal('DisableStaffUser'), username: usernameSchema, disabledBy: by, reason: z.string().trim().max(280).optional() });
/** A disabled person may sign in again, with the roles and password they had. */
export const enableStaffUserSchema = z.object({ type: z.literal('EnableStaffUser'), username: usernameSchema, enabledBy: by, reason: z.string().trim().max(280).optional() });
/** A wrong password: the decider counts it within the window and locks the user out at `maxFailures`. */
export const recordFailedSignInSchema = z.object({
  type: z.literal('RecordFailedSignIn'),
  username: usernameSchema,
  maxFailures: z.number().int().min(1).max(100),
  windowMinutes: z.number().int().min(1).max(24 * 60),
});

export const staffCommandSchema = z.discriminatedUnion('type', [
  provisionStaffUserSchema,
  changeStaffRolesSchema,
  changeStaffPasswordSchema,
  resetStaffPasswordSchema,
  disableStaffUserSchema,
  enableStaffUserSchema,
  issueStaffSigningKeySchema,
  recordFailedSignInSchema,
]);
export type StaffCommand = z.infer<typeof staffCommandSchema>;
