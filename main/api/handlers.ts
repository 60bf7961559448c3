/**
 * What an area's API handlers look like: one function per method of the area, given the validated input and who is
 * calling. The router checked the method's permission first, so a handler of a signed-in method always has its person.
 */

import type { Observable } from 'rxjs';
import type { z } from 'zod';
import type { ApiAreas, AreaName } from '@fidelis/shared/api/contract.js';
import type { MethodMap, MethodSpec } from '@fidelis/shared/api/method.js';
import type { Principal } from '@fidelis/shared/staff/roles.js';
import type { ReadModelChange } from './readModelChanges.js';

/** A public method's caller: maybe nobody yet. auth.* methods set and clear the connection's session token here. */
export interface PublicCall {
  token: string | undefined;
}

/** A signed-in method's caller: the person the router authorised. */
export interface SignedInCall {
  readonly principal: Principal;
}

export type CallOf<S extends MethodSpec> = S['permission'] extends 'public' ? PublicCall : SignedInCall;

export type Handler<S extends MethodSpec> = (input: z.output<S['input']>, call: CallOf<S>) => Promise<z.output<S['result']>> | z.output<S['result']>;

/** An area's handler map: a method of the area without a handler, or one the area does not declare, is a type error. */
export type AreaHandlers<Methods extends MethodMap> = { readonly [M in keyof Methods]: Handler<Methods[M]> };

/** Every area's handlers, built by the composition root (main/host.ts) from the services; the router merges them. */
export type ApiHandlers = { readonly [A in AreaName]: AreaHandlers<ApiAreas[A]> };

/** What the host gives the API router: every area's handlers, and the read-model changes the `readModel` topic relays. */
export interface ApiServices {
  readonly handlers: ApiHandlers;
  readonly readModelChanged$: Observable<ReadModelChange>;
}
