/**
 * The permission each CLI command needs, by its words: the command line is a boundary like the API. `public`
 * commands run before anyone signs in (the first administrator's bootstrap). A command missing here is refused
 * for everyone (fail closed); a unit test keeps the table complete.
 */

import type { Permission } from '@fidelis/shared/staff/roles.js';

export type CliAccess = Permission | 'public' | 'signedIn';

export const CLI_PERMISSION: Readonly<Record<string, CliAccess>> = {
  'account open': 'post',
  'account deposit': 'post',
  'account withdraw': 'post',
  'account close': 'post',
  'account reverse': 'reverse',
  'account show': 'read',
  'account signatory add': 'post',
  'account signatory remove': 'post',
  'account holder-details': 'post',
  'transfer create': 'post',
  'transfer show': 'read',
  'import accounts': 'post',
  'events read': 'read',
  'events stats': 'read',
  'events search': 'read',
  'events history': 'read',
  'events trace': 'read',
  'events causes': 'read',
  'events effects': 'read',
  'alerts list': 'alerts',
  'alerts ack': 'alerts',
  report: 'reports',
  verify: 'read',
  metrics: 'operations',
  'subscriptions status': 'operations',
  'dlq list': 'operations',
  'dlq inspect': 'operations',
  'dlq replay-all': 'operations',
  'dlq replay': 'operations',
  'dlq purge': 'operations',
  'projection rebuild': 'operations',
  'snapshot create': 'operations',
  'snapshot list': 'operations',
  'snapshot delete': 'operations',
  'sync configure': 'operations',
  'sync status': 'read',
  'sync now': 'read',
  'sync exceptions': 'read',
  'sync resolve': 'resolveSyncExceptions',
  'sync override': 'override',
  'sync verify': 'operations',
  'payments send': 'payments',
  'payments list': 'read',
  'payments status': 'read',
  'payments configure': 'operations',
  'payments inbox': 'read',
  'payments reconcile': 'approve',
  'payments reconciliation': 'read',
  'payments resolve': 'approve',
  'staff bootstrap': 'public',
  'staff add': 'manageStaff',
  'staff list': 'manageStaff',
  'staff disable': 'manageStaff',
  // One's own password; someone else's needs manageStaff (checked by host.staff).
  'staff passwd': 'signedIn',
};

export const cliAccess = (words: readonly string[]): CliAccess | undefined => {
  const key = words.join(' ');
  return Object.hasOwn(CLI_PERMISSION, key) ? CLI_PERMISSION[key] : undefined;
};
