/** `fidelis settings …`: the branch's time zone, which business days, report periods and "today" follow. */

import type { CliCommand } from './cli/cliCommand.js';
import type { TimeZoneChange } from './branchTimeZone.js';

export const settingsCommands: CliCommand[] = [
  {
    words: ['settings', 'set', 'time-zone'],
    args: ['ZONE'],
    options: {},
    access: 'operations',
    summary: "Set the branch's IANA time zone (America/New_York); the journal and dashboard are rebuilt in it.",
    async run(context) {
      return context.host.changeTimeZone(context.args[0] ?? '');
    },
    text: (change: TimeZoneChange) =>
      change.rebuilt.length === 0 ? `time zone is ${change.timeZone} (unchanged)` : `time zone ${change.previous} → ${change.timeZone}; rebuilt ${change.rebuilt.map((r) => r.projection).join(', ')}`,
  },
  {
    words: ['settings', 'show'],
    args: [],
    options: {},
    access: 'read',
    summary: "Show this workstation's branch, device and time zone.",
    async run(context) {
      const { branchId, deviceId, timeZone } = context.host.settings;
      return { branchId, deviceId, timeZone };
    },
    text: (s: { branchId: string; deviceId: string; timeZone: string }) => `branch     ${s.branchId}\ndevice     ${s.deviceId}\ntime zone  ${s.timeZone}`,
  },
];
