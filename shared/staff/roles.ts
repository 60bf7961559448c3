/** Staff roles and what each may do: the one table main consults before running any command or API method. */

import { DomainError } from '../errors.js';

export const ROLES = ['teller', 'supervisor', 'compliance', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

/** Who is acting: what a signed-in session carries into every authorisation check. */
export interface Principal {
  readonly username: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
}

export type Permission =
  | 'post'
  | 'approve'
  | 'reverse'
  | 'override'
  | 'resolveSyncExceptions'
  | 'read'
  | 'alerts'
  | 'reports'
  | 'manageStaff'
  | 'operations'
  | 'payments'
  | 'rates'
  | 'vault';

const TELLER: readonly Permission[] = ['post', 'read', 'payments'];

/** An administrator manages people and operations but cannot post: segregation of duties. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = Object.freeze({
  teller: TELLER,
  // Supervisors hold the vault and close the branch's business day.
  supervisor: [...TELLER, 'approve', 'reverse', 'override', 'resolveSyncExceptions', 'rates', 'vault'],
  compliance: ['read', 'alerts', 'reports'],
  administrator: ['read', 'manageStaff', 'operations'],
});

export function hasPermission(principal: Principal, permission: Permission): boolean {
  return principal.roles.some((role) => Object.hasOwn(ROLE_PERMISSIONS, role) && ROLE_PERMISSIONS[role].includes(permission));
}

/** The people of a role, as a refusal names them. */
const ROLE_PEOPLE: Readonly<Record<Role, string>> = { teller: 'tellers', supervisor: 'supervisors', compliance: 'compliance staff', administrator: 'administrators' };

/** Who may do what a permission allows, in words: "tellers and supervisors". */
export function whoMay(permission: Permission): string {
  const people = ROLES.filter((role) => ROLE_PERMISSIONS[role].includes(permission)).map((role) => ROLE_PEOPLE[role]);
  return people.length <= 1 ? (people[0] ?? '') : `${people.slice(0, -1).join(', ')} and ${people.at(-1)}`;
}

/** Throws DomainError UNAUTHENTICATED (no principal) or FORBIDDEN (field 'role') saying which roles may. */
export function requirePermission(principal: Principal | undefined, permission: Permission): asserts principal is Principal {
  if (principal === undefined) throw new DomainError('UNAUTHENTICATED', 'Sign in first.');
  if (!hasPermission(principal, permission)) {
    const who = whoMay(permission);
    throw new DomainError('FORBIDDEN', who ? `Your role does not allow this: it is for ${who}.` : 'Your role does not allow this.', 'role');
  }
}

/** The permission each teller command needs; other helpers ADD their command types here. */
export const COMMAND_PERMISSION: Readonly<Record<string, Permission>> = {
  OpenAccount: 'post',
  MakeDeposit: 'post',
  MakeWithdrawal: 'post',
  CloseAccount: 'post',
  PlaceHold: 'post',
  ReleaseHold: 'post',
  AddSignatory: 'post',
  RemoveSignatory: 'post',
  RecordHolderDetails: 'post',
  RegisterCustomer: 'post',
  ChangeCustomerDetails: 'post',
  // The day's exchange rate is a supervisor's to record; the filing institution's details are compliance's.
  RecordExchangeRate: 'rates',
  RecordInstitution: 'reports',
  InitiateTransfer: 'post',
  SendExternalPayment: 'payments',
  // Reversing a posted movement is a supervisor's act, never a teller's (issue 11).
  ReverseMovement: 'reverse',
  // A teller opens and closes their own till and gives cash back to the vault; the vault and the day are supervisors'.
  OpenTill: 'post',
  CloseTill: 'post',
  ReturnCashToVault: 'post',
  IssueCashToTill: 'vault',
  ReceiveCashShipment: 'vault',
  ShipCashToCentre: 'vault',
  CountVault: 'vault',
  CloseBusinessDay: 'vault',
  // Main runs it for the signed-in reviewer (main/compliance/alerts.ts); receivers check they held 'alerts'.
  AcknowledgeAlert: 'alerts',
};
