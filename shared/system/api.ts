/** The system area's API: what a workstation says about itself to anyone, signed in or not. */

import { z } from 'zod';
import { emptyInput } from '../api/fields.js';
import { query } from '../api/method.js';

export const capabilitiesResult = z.object({
  deviceId: z.string(),
  branchId: z.string(),
  /** The branch's IANA time zone: screens count "today" and business days on its wall clock, not the browser's. */
  timeZone: z.string(),
});

export const systemMethods = {
  // Public: the sign-in screen shows the branch. Who acts is the signed-in person (auth.status), never the OS account.
  'system.capabilities': query({ input: emptyInput, result: capabilitiesResult, permission: 'public' }),
} as const;
