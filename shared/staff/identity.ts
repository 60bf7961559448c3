/** How staff are named and what a password must be: shared by the staff slice, the API schemas and the CLI. */

import { z } from 'zod';
import { ROLES } from './roles.js';

export const PASSWORD_MIN_LENGTH = 10;
/** Long enough for any passphrase, short enough that nobody can make the KDF chew megabytes. */
export const PASSWORD_MAX_LENGTH = 200;

/** Usernames are case-insensitive: stored lower case, so `Ada` and `ada` are one person and one stream. */
export const usernameSchema = z
  .string('Enter a username.')
  .trim()
  .toLowerCase()
  .min(2, 'A username has at least 2 characters.')
  .max(40, 'A username has at most 40 characters.')
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'A username uses letters, digits, dot, dash and underscore, and starts with a letter or digit.');

export const displayNameSchema = z
  .string("Enter the person's name.")
  .trim()
  .min(1, "Enter the person's name.")
  .max(100, 'A name has at most 100 characters.');

/** What a caller may type as a password; the policy (length) is checked by the staff slice so it names the rule. */
export const passwordInputSchema = z.string('Enter the password.').max(PASSWORD_MAX_LENGTH, `A password has at most ${PASSWORD_MAX_LENGTH} characters.`);

export const rolesSchema = z
  .array(z.enum(ROLES, `A role is one of ${ROLES.join(', ')}.`))
  .min(1, 'Give the person at least one role.')
  .max(ROLES.length)
  .transform((roles) => [...new Set(roles)]);

/** A second person's credentials for a command over the dual-control amount. */
export const approvalSchema = z.object({
  username: usernameSchema,
  password: passwordInputSchema.min(1, "Enter the approver's password."),
});
export type Approval = z.infer<typeof approvalSchema>;
