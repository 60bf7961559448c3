/** Every `fidelis` command, in the order `fidelis --help` lists them: each area declares its own in its *Cli.ts. */

import { accountCommands } from '../accounts/accountCli.js';
import { holderDetailsCommands } from '../accounts/holderDetailsCli.js';
import { importCommands } from '../accounts/importCli.js';
import { customerCommands } from '../customers/customerCli.js';
import { alertCommands } from '../compliance/alertsCli.js';
import { eventCommands } from '../events/eventsCli.js';
import { verifyCommands } from '../integrity/verifyCli.js';
import { safetyCommands } from '../safety/safetyCli.js';
import { snapshotCommands } from '../ledger/snapshotCli.js';
import { paymentCommands } from '../payments/paymentsCli.js';
import { deadLetterCommands } from '../processing/dlqCli.js';
import { metricsCommands } from '../processing/metricsCli.js';
import { projectionCommands } from '../processing/projectionCli.js';
import { subscriptionCommands } from '../processing/subscriptionsCli.js';
import { rateCommands } from '../rates/ratesCli.js';
import { institutionCommands } from '../reports/institutionCli.js';
import { reportCommands } from '../reports/reportCli.js';
import { staffCommands } from '../staff/staffCli.js';
import { syncCommands } from '../sync/syncCli.js';
import { transferCommands } from '../transfers/transferCli.js';
import { tillCommands } from '../tills/tillsCli.js';
import { settingsCommands } from '../settingsCli.js';
import type { CliCommand } from './cliCommand.js';

export const COMMANDS: readonly CliCommand[] = [
  ...accountCommands,
  ...customerCommands,
  ...holderDetailsCommands,
  ...transferCommands,
  ...tillCommands,
  ...eventCommands,
  ...alertCommands,
  ...reportCommands,
  ...rateCommands,
  ...institutionCommands,
  ...importCommands,
  ...paymentCommands,
  ...staffCommands,
  ...settingsCommands,
  ...syncCommands,
  ...subscriptionCommands,
  ...metricsCommands,
  ...projectionCommands,
  ...deadLetterCommands,
  ...snapshotCommands,
  ...verifyCommands,
  ...safetyCommands,
];
