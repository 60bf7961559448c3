// Roles and permissions: what each role may do, and the refusals that name what is missing.

import { describe, expect, it } from 'vitest';
import { COMMAND_PERMISSION, ROLES, ROLE_PERMISSIONS, hasPermission, requirePermission, type Permission, type Principal, type Role } from '@fidelis/shared/staff/roles.js';

const person = (...roles: Role[]): Principal => ({ username: 'p', displayName: 'P', roles });

describe('roles', () => {
  it('gives a teller post, read and payments only', () => {
    expect([...ROLE_PERMISSIONS.teller].sort()).toEqual(['payments', 'post', 'read']);
  });

  it('gives a supervisor everything a teller has plus approve, reverse, override, sync exceptions, rates and the vault', () => {
    expect([...ROLE_PERMISSIONS.supervisor].sort()).toEqual(['approve', 'override', 'payments', 'post', 'rates', 'read', 'resolveSyncExceptions', 'reverse', 'vault']);
  });

  it('keeps compliance read-only and the administrator away from posting (segregation of duties)', () => {
    expect([...ROLE_PERMISSIONS.compliance].sort()).toEqual(['alerts', 'read', 'reports']);
    expect([...ROLE_PERMISSIONS.administrator].sort()).toEqual(['manageStaff', 'operations', 'read']);
    for (const permission of ['post', 'approve', 'reverse', 'payments'] as Permission[]) {
      expect(hasPermission(person('administrator'), permission)).toBe(false);
      expect(hasPermission(person('compliance'), permission)).toBe(false);
    }
  });

  it('unions the permissions of several roles, and grants nothing for an unknown role', () => {
    expect(hasPermission(person('teller', 'compliance'), 'alerts')).toBe(true);
    expect(hasPermission(person('teller', 'compliance'), 'approve')).toBe(false);
    expect(hasPermission({ username: 'x', displayName: 'X', roles: ['__proto__' as Role] }, 'read')).toBe(false);
    expect(ROLES).toEqual(['teller', 'supervisor', 'compliance', 'administrator']);
  });

  it('refuses without a principal as UNAUTHENTICATED, and without the permission as FORBIDDEN on role, saying in words who may', () => {
    expect(() => requirePermission(undefined, 'read')).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
    expect(() => requirePermission(person('teller'), 'reverse')).toThrow(expect.objectContaining({ code: 'FORBIDDEN', field: 'role', message: 'Your role does not allow this: it is for supervisors.' }));
    expect(() => requirePermission(person('administrator'), 'post')).toThrow(expect.objectContaining({ message: 'Your role does not allow this: it is for tellers and supervisors.' }));
    expect(() => requirePermission(person('teller'), 'read')).not.toThrow();
    expect(() => requirePermission(person('supervisor'), 'reverse')).not.toThrow();
  });

  it('needs post for every teller command that moves money or changes an account', () => {
    for (const type of ['OpenAccount', 'MakeDeposit', 'MakeWithdrawal', 'CloseAccount', 'InitiateTransfer']) expect(COMMAND_PERMISSION[type], type).toBe('post');
    expect(COMMAND_PERMISSION['RecordTransferDebit']).toBeUndefined();
  });
});
