/** The system area's API handlers: what this workstation says about itself. */

import type { systemMethods } from '@fidelis/shared/system/api.js';
import type { Settings } from '../settings.js';
import type { AreaHandlers } from './handlers.js';

export function createSystemApi(settings: Pick<Settings, 'deviceId' | 'branchId' | 'timeZone'>): AreaHandlers<typeof systemMethods> {
  return {
    'system.capabilities': () => ({ deviceId: settings.deviceId, branchId: settings.branchId, timeZone: settings.timeZone }),
  };
}
