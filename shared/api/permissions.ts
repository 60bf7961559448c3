/**
 * The permission every API method needs, beside the contract: main checks it for each call before it reads the
 * input. 'public' methods answer anyone (sign-in, and what a sign-in screen must know). A method missing here is
 * refused for everyone (fail closed); a unit test keeps the table complete.
 */

import type { Permission } from '../staff/roles.js';

export type MethodAccess = Permission | 'public';

export const METHOD_PERMISSION: Readonly<Record<string, MethodAccess>> = {
  'system.capabilities': 'public',

  'auth.status': 'public',
  'auth.bootstrap': 'public',
  'auth.signIn': 'public',
  'auth.signOut': 'public',
  'auth.unlock': 'public',
  'auth.lock': 'public',
  'auth.resume': 'public',

  'staff.list': 'manageStaff',
  'staff.provision': 'manageStaff',
  'staff.disable': 'manageStaff',

  'accounts.list': 'read',
  'account.get': 'read',
  'account.timeline': 'read',
  'account.open': 'post',
  'account.deposit': 'post',
  'account.withdraw': 'post',
  'account.close': 'post',
  'account.reverse': 'reverse',

  'dashboard.activity': 'read',

  'alerts.list': 'alerts',
  'alerts.acknowledge': 'alerts',

  'ops.subscriptions': 'operations',
  'ops.deadLetters': 'operations',
  'ops.replayDeadLetter': 'operations',
  'ops.replayAllDeadLetters': 'operations',
  'ops.purgeDeadLetters': 'operations',
  'ops.rebuilds': 'operations',
  'ops.startRebuild': 'operations',
  'ops.verify': 'operations',

  'explorer.streams': 'read',
  'explorer.types': 'read',
  'explorer.search': 'read',
  'explorer.trace': 'read',

  'transfers.list': 'read',
  'transfers.start': 'post',

  'sync.status': 'read',
  'sync.now': 'read',
  'sync.exceptions': 'read',
  'sync.resolve': 'resolveSyncExceptions',

  'reports.preview': 'reports',
  'reports.export': 'reports',
  'reports.job': 'reports',
  'reports.folder': 'reports',

  'payments.list': 'read',
  'payments.send': 'payments',
  'payments.status': 'read',
  'payments.reconcile': 'approve',
  'payments.reconciliation': 'read',
  'payments.resolveItem': 'approve',
};

/** Live topics show ledger data: any signed-in role that may read. */
export const TOPIC_PERMISSION: Permission = 'read';

export const methodAccess = (method: string): MethodAccess | undefined => (Object.hasOwn(METHOD_PERMISSION, method) ? METHOD_PERMISSION[method] : undefined);
