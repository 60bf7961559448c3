/**
 * StaffDirectory: who the staff are (name, roles, disabled), one document per person, folded inline from the staff
 * streams — including users provisioned at another workstation of the branch and pulled from the gateway.
 * It never holds a password hash: authentication reads the person's own stream.
 */

import { text } from '@fidelis/shared/ledger/readModels/ledgerEvent.js';
import { ROLES, STAFF_CATEGORY, type Role } from '@fidelis/shared/staff/index.js';
import type { ProjectionDefinition } from '../projections/projection.js';

export const STAFF_DIRECTORY = 'StaffDirectory';

export interface StaffDirectoryEntry {
  readonly username: string;
  readonly displayName: string;
  readonly roles: Role[];
  readonly disabled: boolean;
  /** An administrator's reset is pending: every call but choosing a new password is refused. */
  readonly mustChangePassword: boolean;
}

export const staffKey = (username: string): string => `u:${username}`;

const rolesOf = (value: unknown): Role[] => (Array.isArray(value) ? value.filter((r): r is Role => (ROLES as readonly unknown[]).includes(r)) : []);

export const staffDirectoryProjection: ProjectionDefinition = {
  name: STAFF_DIRECTORY,
  // v2: re-enabling, and whether a password reset is pending.
  version: 2,
  // Inline: a user provisioned a moment ago can sign in at once.
  mode: 'inline',
  categories: [STAFF_CATEGORY],
  eventTypes: ['StaffUserProvisioned', 'StaffRolesChanged', 'StaffPasswordChanged', 'StaffPasswordReset', 'StaffUserDisabled', 'StaffUserEnabled'],
  async apply(event, view) {
    const username = text(event.data, 'username');
    switch (event.type) {
      case 'StaffUserProvisioned':
        await view.update<StaffDirectoryEntry>(staffKey(username), () => ({
          username,
          displayName: text(event.data, 'displayName'),
          roles: rolesOf(event.data['roles']),
          disabled: false,
          mustChangePassword: false,
        }));
        break;
      case 'StaffRolesChanged':
        await view.update<StaffDirectoryEntry>(staffKey(username), (entry) => (entry ? { ...entry, roles: rolesOf(event.data['roles']) } : entry));
        break;
      case 'StaffPasswordChanged':
      case 'StaffPasswordReset':
        await view.update<StaffDirectoryEntry>(staffKey(username), (entry) => (entry ? { ...entry, mustChangePassword: event.type === 'StaffPasswordReset' } : entry));
        break;
      case 'StaffUserDisabled':
      case 'StaffUserEnabled':
        await view.update<StaffDirectoryEntry>(staffKey(username), (entry) => (entry ? { ...entry, disabled: event.type === 'StaffUserDisabled' } : entry));
        break;
    }
  },
};
