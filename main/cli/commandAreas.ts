/** Each area's `fidelis` commands, in help order, loaded on demand: a command that runs loads its own area's code only. */

import type { CliCommand } from './cliCommand.js';

export interface CommandArea {
  /** The name the declarations file records beside each command, to find its code again. */
  readonly area: string;
  load(): Promise<readonly CliCommand[]>;
}

export const COMMAND_AREAS: readonly CommandArea[] = [
  { area: 'accounts', load: async () => (await import('../accounts/accountCli.js')).accountCommands },
  { area: 'customers', load: async () => (await import('../customers/customerCli.js')).customerCommands },
  { area: 'holderDetails', load: async () => (await import('../accounts/holderDetailsCli.js')).holderDetailsCommands },
  { area: 'transfers', load: async () => (await import('../transfers/transferCli.js')).transferCommands },
  { area: 'tills', load: async () => (await import('../tills/tillsCli.js')).tillCommands },
  { area: 'events', load: async () => (await import('../events/eventsCli.js')).eventCommands },
  { area: 'alerts', load: async () => (await import('../compliance/alertsCli.js')).alertCommands },
  { area: 'reports', load: async () => (await import('../reports/reportCli.js')).reportCommands },
  { area: 'rates', load: async () => (await import('../rates/ratesCli.js')).rateCommands },
  { area: 'institution', load: async () => (await import('../reports/institutionCli.js')).institutionCommands },
  { area: 'import', load: async () => (await import('../accounts/importCli.js')).importCommands },
  { area: 'payments', load: async () => (await import('../payments/paymentsCli.js')).paymentCommands },
  { area: 'staff', load: async () => (await import('../staff/staffCli.js')).staffCommands },
  { area: 'settings', load: async () => (await import('../settingsCli.js')).settingsCommands },
  { area: 'sync', load: async () => (await import('../sync/syncCli.js')).syncCommands },
  { area: 'subscriptions', load: async () => (await import('../processing/subscriptionsCli.js')).subscriptionCommands },
  { area: 'metrics', load: async () => (await import('../processing/metricsCli.js')).metricsCommands },
  { area: 'projections', load: async () => (await import('../processing/projectionCli.js')).projectionCommands },
  { area: 'deadLetters', load: async () => (await import('../processing/dlqCli.js')).deadLetterCommands },
  { area: 'snapshots', load: async () => (await import('../ledger/snapshotCli.js')).snapshotCommands },
  { area: 'verify', load: async () => (await import('../integrity/verifyCli.js')).verifyCommands },
  { area: 'safety', load: async () => (await import('../safety/safetyCli.js')).safetyCommands },
];
