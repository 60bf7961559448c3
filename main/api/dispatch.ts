/**
 * Method dispatch: names the method, checks its permission (before the input is looked at: an unauthenticated or
 * unauthorised caller learns nothing from it), validates the input with the contract's schema, runs the area's
 * handler and checks its result. Every answer is an ApiResponse: a result, or a typed refusal {code, field, message}.
 */

import { apiMethods, isMethodName, type AreaName } from '@fidelis/shared/api/contract.js';
import type { ApiErrorBody, ApiResponse } from '@fidelis/shared/api/errors.js';
import type { MethodSpec } from '@fidelis/shared/api/method.js';
import { isDomainError } from '@fidelis/shared/errors.js';
import { parseOrThrow } from '@fidelis/shared/validation.js';
import type { Logger } from '../log.js';
import type { ConnectionSession } from './connectionSession.js';
import type { ApiHandlers, PublicCall, SignedInCall } from './handlers.js';

export interface Dispatcher {
  dispatch(method: string, input: unknown, session: ConnectionSession): Promise<ApiResponse>;
}

type AnyHandler = (input: unknown, call: PublicCall | SignedInCall) => unknown;

/** A caller's name for a method or topic, quoted and cut short: a megabyte-long name must not come back whole. */
export const quoted = (name: string): string => JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);

/** A DomainError travels as it is; anything else is logged and answered INTERNAL, without its details. */
export function refusalOf(error: unknown, what: string, logger: Logger): ApiErrorBody {
  if (isDomainError(error)) return error.toJSON();
  logger.error({ err: error, method: what }, 'API call failed');
  return { code: 'INTERNAL', message: 'Fidelis could not complete this request; the details are in the log.' };
}

/** The areas' handler maps as one table by method name (the areas' types make sure every method has one). */
function mergeAreas(handlers: ApiHandlers): ReadonlyMap<string, AnyHandler> {
  const table = new Map<string, AnyHandler>();
  for (const area of Object.keys(handlers) as AreaName[]) {
    for (const [method, handler] of Object.entries(handlers[area])) table.set(method, handler as AnyHandler);
  }
  return table;
}

export function createDispatcher(handlers: ApiHandlers, logger: Logger): Dispatcher {
  const table = mergeAreas(handlers);

  return {
    async dispatch(method, input, session) {
      try {
        if (!isMethodName(method)) return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `There is no API method ${quoted(method)}.` } };
        const spec: MethodSpec = apiMethods[method];
        const handler = table.get(method)!;
        if (spec.permission === 'public') {
          const call: PublicCall = { token: session.token };
          const from = call.token;
          const result = spec.result.parse(await handler(parseOrThrow(spec.input, input ?? {}), call));
          await session.settle(from, call.token);
          return { ok: true, result };
        }
        const call: SignedInCall = { principal: await session.authorise(spec.permission) };
        // Results are checked too: a handler that drifts from the contract fails here, not in the renderer.
        return { ok: true, result: spec.result.parse(await handler(parseOrThrow(spec.input, input ?? {}), call)) };
      } catch (error) {
        return { ok: false, error: refusalOf(error, method, logger) };
      }
    },
  };
}
