/**
 * Changing the branch's time zone: checked, stored in the data dir's settings, taken at once by everything that
 * reads settings.timeZone, and the read models keyed by business day (Journal, BranchDashboard) rebuilt in it.
 */

import { requireTimeZone } from '@fidelis/shared/ledger/businessDay.js';
import type { Processing, RebuildReport } from './processing/processingEngine.js';
import { saveSettings, type Settings } from './settings.js';

/** The projections whose documents are keyed by business day. */
export const DAY_KEYED_PROJECTIONS = ['Journal', 'BranchDashboard'] as const;

export interface TimeZoneChange {
  readonly timeZone: string;
  readonly previous: string;
  readonly rebuilt: readonly RebuildReport[];
}

export async function changeTimeZone(
  deps: { readonly settings: Settings; readonly dataDir: string | undefined; readonly processing: Pick<Processing, 'rebuild'> },
  timeZone: string,
): Promise<TimeZoneChange> {
  const zone = requireTimeZone(timeZone.trim());
  const previous = deps.settings.timeZone;
  if (zone === previous) return { timeZone: zone, previous, rebuilt: [] };
  if (deps.dataDir !== undefined) saveSettings(deps.dataDir, { timeZone: zone });
  // The one settings object every module reads: the next business day computed anywhere is in the new zone.
  (deps.settings as { timeZone: string }).timeZone = zone;
  const rebuilt: RebuildReport[] = [];
  for (const projection of DAY_KEYED_PROJECTIONS) rebuilt.push(...(await deps.processing.rebuild(projection)));
  return { timeZone: zone, previous, rebuilt };
}
