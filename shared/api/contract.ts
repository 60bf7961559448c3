/**
 * The one typed channel map between the renderer and main: every area's methods (input, result, permission), merged,
 * and the live topics. Main checks each method's permission, then validates its input: the renderer is untrusted.
 */

import { z } from 'zod';
import { accountsMethods } from '../accounts/api.js';
import { complianceMethods } from '../compliance/api.js';
import { customersMethods } from '../customers/api.js';
import { dashboardMethods } from '../dashboard/api.js';
import { explorerMethods, operationsMethods } from '../operations/api.js';
import { paymentsMethods } from '../payments/api.js';
import { ratesMethods } from '../rates/api.js';
import { receiptsMethods } from '../receipts/api.js';
import { safetyMethods } from '../safety/api.js';
import { reportsMethods } from '../reports/api.js';
import type { Permission } from '../staff/roles.js';
import { staffMethods } from '../staff/api.js';
import { syncMethods } from '../sync/api.js';
import { tillsMethods } from '../tills/api.js';
import { systemMethods } from '../system/api.js';
import { transfersMethods } from '../transfers/api.js';
import type { MethodMap } from './method.js';

/** Each area's methods, by area: main gives each area its handler map (main/api/handlers.ts). */
export const apiAreas = {
  system: systemMethods,
  staff: staffMethods,
  accounts: accountsMethods,
  customers: customersMethods,
  dashboard: dashboardMethods,
  compliance: complianceMethods,
  operations: operationsMethods,
  explorer: explorerMethods,
  transfers: transfersMethods,
  sync: syncMethods,
  reports: reportsMethods,
  rates: ratesMethods,
  payments: paymentsMethods,
  receipts: receiptsMethods,
  tills: tillsMethods,
  safety: safetyMethods,
} as const satisfies Record<string, MethodMap>;

export type ApiAreas = typeof apiAreas;
export type AreaName = keyof ApiAreas;

/** A union of area maps as one map: every method of every area. */
type Merged<U> = (U extends unknown ? (area: U) => void : never) extends (merged: infer M) => void ? M : never;

export type ApiMethods = Merged<ApiAreas[AreaName]>;
/** Every method of every area by name; a unit test keeps names unique across areas. */
export const apiMethods = Object.fromEntries(Object.values(apiAreas).flatMap((area) => Object.entries(area))) as ApiMethods;

export type MethodName = keyof ApiMethods;
/** What a caller passes (defaults may be left out). */
export type MethodInput<M extends MethodName> = z.input<ApiMethods[M]['input']>;
/** What a handler receives, after validation and defaults. */
export type MethodParsedInput<M extends MethodName> = z.output<ApiMethods[M]['input']>;
export type MethodResult<M extends MethodName> = z.output<ApiMethods[M]['result']>;

export const isMethodName = (name: string): name is MethodName => Object.hasOwn(apiMethods, name);

interface TopicSpec {
  readonly params: z.ZodType;
  readonly event: z.ZodType;
  readonly permission: Permission;
}

/** Live topics: main pushes an event whenever what the topic covers changes; screens re-read what they show. They show ledger data: anyone who may read. */
export const apiTopics = {
  /** One stream changed (an account's events): its new version and the store position. */
  stream: {
    params: z.object({ streamId: z.string().trim().min(1).max(200) }),
    event: z.object({ streamId: z.string(), version: z.number().int(), headSeq: z.number().int() }),
    permission: 'read',
  },
  /** Anything in the store changed, optionally limited to one category (account, transfer…). */
  store: {
    params: z.object({ category: z.string().trim().min(1).max(60).optional() }),
    event: z.object({ headSeq: z.number().int(), streamIds: z.array(z.string()) }),
    permission: 'read',
  },
  /** A read model, subscription status or alert list changed. */
  readModel: {
    params: z.object({ name: z.string().trim().min(1).max(100) }),
    event: z.object({ name: z.string(), headSeq: z.number().int() }),
    permission: 'read',
  },
} as const satisfies Record<string, TopicSpec>;

export type ApiTopics = typeof apiTopics;
export type TopicName = keyof ApiTopics;
export type TopicParams<T extends TopicName> = z.input<ApiTopics[T]['params']>;
export type TopicEvent<T extends TopicName> = z.output<ApiTopics[T]['event']>;

export const isTopicName = (name: string): name is TopicName => Object.hasOwn(apiTopics, name);
