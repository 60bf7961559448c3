/** `fidelis sync …`: join a branch, configure the gateway, show status, sync now, list and resolve exceptions, overrides, verify. */

import { DomainError } from '@fidelis/shared/errors.js';
import type { JoinResult } from './joinBranch.js';
import type { SyncStatus } from './syncModule.js';
import { signedInAs, type CliCommand, type CliContext } from '../cli/cliCommand.js';

const str = (context: CliContext, name: string): string | undefined => context.options[name] as string | undefined;

export const syncCommands: CliCommand[] = [
  {
    words: ['sync', 'join'],
    args: [],
    options: {
      gateway: { type: 'string', value: 'URL', help: "The branch gateway's address." },
      'device-id': { type: 'string', value: 'ID', help: 'The device id the gateway printed for this workstation.' },
      secret: { type: 'string', help: 'The device secret the gateway printed.' },
    },
    required: ['gateway', 'device-id', 'secret'],
    access: 'public',
    summary: "On an empty data dir (no sign-in needed): become the gateway's device and pull the branch's staff and ledger; then sign in as the branch's staff.",
    run: (context) => context.host.sync.join({ gatewayUrl: str(context, 'gateway')!, deviceId: str(context, 'device-id')!, secret: str(context, 'secret')! }, context.progress),
    text: (r: JoinResult) =>
      `joined branch ${r.branchId} as device ${r.deviceId}: pulled ${r.events} event(s) on ${r.streams} stream(s), ${r.staff} staff member(s)` +
      (r.exceptions > 0 ? `; ${r.exceptions} pulled commit(s) refused (see fidelis sync exceptions)` : '') +
      '\nsign in with an account an administrator of the branch made for you (--user NAME)',
  },
  {
    words: ['sync', 'configure'],
    args: [],
    options: {
      gateway: { type: 'string', value: 'URL', help: "The gateway's address." },
      'device-id': { type: 'string', value: 'ID', help: 'The device id the gateway printed for this workstation.' },
      secret: { type: 'string', help: 'The device secret the gateway printed.' },
      'stand-in-limit': { type: 'string', value: 'AMOUNT', help: 'What one account may pay out per day while offline.' },
    },
    access: 'operations',
    summary: 'Point this workstation at a gateway with the device id and secret it printed (and the offline limit per account and day).',
    run: (context) =>
      context.host.sync.configure({
        gatewayUrl: str(context, 'gateway'),
        deviceId: str(context, 'device-id'),
        secret: str(context, 'secret'),
        standInLimit: str(context, 'stand-in-limit'),
      }),
    text: (config: { gatewayUrl: string; deviceId: string; standInLimit: string }) =>
      `sync configured: gateway ${config.gatewayUrl}, device ${config.deviceId}, stand-in limit ${config.standInLimit} per account and day`,
  },
  {
    words: ['sync', 'status'],
    args: [],
    options: {},
    access: 'read',
    summary: 'Online or not, pending events, last synced, last error, open exceptions.',
    run: (context) => context.host.sync.status(),
    text: (status: SyncStatus) =>
      [
        `gateway        ${status.gatewayUrl ?? 'not configured'}`,
        `online         ${status.online ? 'yes' : 'no'}`,
        `pending        ${status.pendingEvents} event(s)`,
        `last synced    ${status.lastSyncedAt ?? 'never'}`,
        `last error     ${status.lastError ?? 'none'}`,
        `exceptions     ${status.openExceptions} open`,
      ].join('\n'),
  },
  {
    words: ['sync', 'now'],
    args: [],
    options: {},
    access: 'read',
    summary: 'Pull, rebase and push now; exits 2 (SYNC_UNAVAILABLE) when the gateway cannot be reached or refuses this device.',
    async run(context) {
      const report = await context.host.sync.syncNow();
      return { ...report, status: await context.host.sync.status() };
    },
    text: (r: { pushed: number; pulled: number; rebased: number; exceptions: number; status: SyncStatus }) =>
      `pushed ${r.pushed}, pulled ${r.pulled}, rebased ${r.rebased}, new exceptions ${r.exceptions}; ${r.status.pendingEvents} pending, ${r.status.openExceptions} open exception(s)`,
  },
  {
    words: ['sync', 'exceptions'],
    args: [],
    options: { all: { type: 'boolean', help: 'Resolved ones too.' } },
    access: 'read',
    summary: 'Commands that no longer held after a rebase, waiting for a supervisor (--all shows resolved ones too).',
    run: (context) => context.host.sync.exceptions({ includeResolved: context.options.all === true }),
    text: (list: { commandId: string; commandType: string; streamId: string; code: string; message: string; status: string }[]) =>
      list.length === 0 ? 'no sync exceptions' : list.map((e) => `${e.commandId}  ${e.commandType} on ${e.streamId}  [${e.status}] ${e.code}: ${e.message}`).join('\n'),
  },
  {
    words: ['sync', 'resolve'],
    args: ['COMMAND_ID'],
    options: {
      resolution: { type: 'string', value: 'HOW', help: 'retry (decide it again now), reverse (it will not be applied) or accept (book it to a suspense account).' },
      note: { type: 'string', value: 'TEXT', help: 'Why, for the record.' },
    },
    required: ['resolution'],
    access: 'resolveSyncExceptions',
    summary: 'Resolve a sync exception, under your name.',
    async run(context) {
      const resolution = str(context, 'resolution');
      if (resolution !== 'retry' && resolution !== 'reverse' && resolution !== 'accept') throw new DomainError('VALIDATION', '--resolution is retry, reverse or accept.', 'resolution');
      return context.host.sync.resolveException(context.args[0]!, { resolution, supervisor: signedInAs(context).username, ...(str(context, 'note') ? { note: str(context, 'note')! } : {}) });
    },
  },
  {
    words: ['sync', 'override'],
    args: ['ACCOUNT'],
    options: { amount: { type: 'string', help: 'How much more it may pay out today.' }, reason: { type: 'string', value: 'TEXT', help: 'Why, for the record.' } },
    required: ['amount'],
    access: 'override',
    summary: "Record a supervisor's override: today this account (its number or id) may pay out AMOUNT more while offline.",
    run: async (context) =>
      context.host.sync.overrideStandInLimit({
        accountId: await context.host.accountResolver.resolve(context.args[0]!),
        amount: str(context, 'amount')!,
        supervisor: signedInAs(context).username,
        ...(str(context, 'reason') ? { reason: str(context, 'reason')! } : {}),
      }),
  },
  {
    words: ['sync', 'verify'],
    args: [],
    options: { 'check-only': { type: 'boolean', help: 'Compare only; repair nothing.' } },
    access: 'operations',
    summary: 'Compare every stream with the gateway (heads and hashes); repair by pulling again, never dropping unsynced events.',
    run: (context) => context.host.sync.verify({ repair: context.options['check-only'] !== true }),
  },
];
