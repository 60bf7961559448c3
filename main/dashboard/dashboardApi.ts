/** The dashboard area's API handler: the period's movements, the open alerts and how the subscriptions are doing. */

import type { dashboardMethods } from '@fidelis/shared/dashboard/api.js';
import type { AreaHandlers } from '../api/handlers.js';
import type { Alerts } from '../compliance/alerts.js';
import { toSubscriptionStatus } from '../processing/processingApi.js';
import type { Processing } from '../processing/processingEngine.js';
import type { ReadModels } from '../projections/readModels.js';
import { dashboardActivity } from './dashboardQuery.js';

export interface DashboardApiDeps {
  readonly readModels: ReadModels;
  readonly alerts: Pick<Alerts, 'list'>;
  readonly processing: Pick<Processing, 'status'>;
  /** The branch's time zone (settings.timeZone). */
  readonly timeZone: () => string;
}

export function createDashboardApi(deps: DashboardApiDeps): AreaHandlers<typeof dashboardMethods> {
  return {
    'dashboard.activity': async (input) => {
      const [activity, open, statuses] = await Promise.all([dashboardActivity(deps, input), deps.alerts.list({ status: 'OPEN' }), deps.processing.status()]);
      const counted = statuses.map(toSubscriptionStatus);
      return {
        ...activity,
        openAlerts: open.length,
        subscriptions: {
          ok: counted.filter((s) => s.status === 'ok').length,
          lagging: counted.filter((s) => s.status === 'lagging').length,
          failing: counted.filter((s) => s.status === 'failing' || s.status === 'stopped').length,
        },
      };
    },
  };
}
