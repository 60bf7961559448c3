/** Staff events: who may sign in, with which roles and password hash, who disabled or re-enabled them, and failed sign-ins. */

import { z } from 'zod';
import type { DomainEvent } from '../decider.js';
import { ROLES } from './roles.js';

export const STAFF_CATEGORY = 'staff';

const username = z.string().min(1).max(40);
const roles = z.array(z.enum(ROLES)).min(1);
/** An encoded KDF output (`scrypt$N$r$p$salt$hash`), never the password itself. */
const passwordHash = z.string().min(1).max(500);
const isoTime = z.iso.datetime({ offset: true });
/**
 * A person's Ed25519 signing key: the public key (raw 32 bytes, base64url) every workstation and the gateway check
 * their commits with, and the private key sealed (AES-256-GCM) under a key derived from their password.
 */
export const staffSigningKeySchema = z.object({ publicKey: z.string().min(40).max(50), sealedPrivateKey: z.string().min(1).max(500) });
export type StaffSigningKey = z.infer<typeof staffSigningKeySchema>;
const signingKey = staffSigningKeySchema.optional();

export const staffUserProvisionedSchema = z.object({
  username,
  displayName: z.string().min(1).max(100),
  roles,
  passwordHash,
  /** Who provisioned the user; `bootstrap` for a new workstation's first administrator. */
  provisionedBy: z.string().min(1),
  /** Absent on users provisioned before signing: they get one at their next sign-in (StaffSigningKeyIssued). */
  signingKey,
});
export const staffRolesChangedSchema = z.object({ username, roles, changedBy: z.string().min(1) });
/** The same key re-sealed under the new password (a new pair when the old one could not be opened). */
export const staffPasswordChangedSchema = z.object({ username, passwordHash, changedBy: z.string().min(1), signingKey });
/** A one-time password set by an administrator: the person must choose a new one before anything else. */
export const staffPasswordResetSchema = z.object({ username, passwordHash, resetBy: z.string().min(1), signingKey });
/** A person provisioned before signing gets a key pair at their next sign-in: the commit is signed by the key it carries. */
export const staffSigningKeyIssuedSchema = z.object({ username, signingKey: staffSigningKeySchema });
export const staffUserDisabledSchema = z.object({ username, disabledBy: z.string().min(1), reason: z.string().max(280).optional() });
export const staffUserEnabledSchema = z.object({ username, enabledBy: z.string().min(1), reason: z.string().max(280).optional() });
/** A wrong password for an existing user: counted towards a lockout, and visible in the audit trail. */
export const staffSignInFailedSchema = z.object({ username, at: isoTime });
export const staffLockedOutSchema = z.object({ username, failedAttempts: z.number().int().min(1), lockedUntil: isoTime });

export type StaffUserProvisioned = DomainEvent<'StaffUserProvisioned', z.infer<typeof staffUserProvisionedSchema>>;
export type StaffRolesChanged = DomainEvent<'StaffRolesChanged', z.infer<typeof staffRolesChangedSchema>>;
export type StaffPasswordChanged = DomainEvent<'StaffPasswordChanged', z.infer<typeof staffPasswordChangedSchema>>;
export type StaffPasswordReset = DomainEvent<'StaffPasswordReset', z.infer<typeof staffPasswordResetSchema>>;
export type StaffUserDisabled = DomainEvent<'StaffUserDisabled', z.infer<typeof staffUserDisabledSchema>>;
export type StaffUserEnabled = DomainEvent<'StaffUserEnabled', z.infer<typeof staffUserEnabledSchema>>;
export type StaffSigningKeyIssued = DomainEvent<'StaffSigningKeyIssued', z.infer<typeof staffSigningKeyIssuedSchema>>;
export type StaffSignInFailed = DomainEvent<'StaffSignInFailed', z.infer<typeof staffSignInFailedSchema>>;
export type StaffLockedOut = DomainEvent<'StaffLockedOut', z.infer<typeof staffLockedOutSchema>>;

export type StaffEvent =
  | StaffUserProvisioned
  | StaffRolesChanged
  | StaffPasswordChanged
  | StaffPasswordReset
  | StaffUserDisabled
  | StaffUserEnabled
  | StaffSigningKeyIssued
  | StaffSignInFailed
  | StaffLockedOut;

export const staffEventSchemas = {
  StaffUserProvisioned: { version: 1, schema: staffUserProvisionedSchema },
  StaffRolesChanged: { version: 1, schema: staffRolesChangedSchema },
  StaffPasswordChanged: { version: 1, schema: staffPasswordChangedSchema },
  StaffPasswordReset: { version: 1, schema: staffPasswordResetSchema },
  StaffUserDisabled: { version: 1, schema: staffUserDisabledSchema },
  StaffUserEnabled: { version: 1, schema: staffUserEnabledSchema },
  StaffSigningKeyIssued: { version: 1, schema: staffSigningKeyIssuedSchema },
  StaffSignInFailed: { version: 1, schema: staffSignInFailedSchema },
  StaffLockedOut: { version: 1, schema: staffLockedOutSchema },
} as const satisfies Record<StaffEvent['type'], { version: number; schema: z.ZodType }>;

/** Payload fields that must never leave main: explorers, timelines and reports redact them. */
export const STAFF_SECRET_FIELDS = ['passwordHash', 'signingKey'] as const;
