/**
 * How an area declares its API methods: each method names its input, its result and the permission a caller needs,
 * so the router can check who may call it before it reads a byte of the input. 'public' answers anyone (sign-in, and
 * what a sign-in screen must know).
 */

import type { z } from 'zod';
import type { Permission } from '../staff/roles.js';

export type MethodAccess = Permission | 'public';

export interface MethodSpec {
  readonly kind: 'command' | 'query';
  readonly input: z.ZodType;
  readonly result: z.ZodType;
  readonly permission: MethodAccess;
}

/** An area's methods by name ('account.deposit'); the contract merges every area's. */
export type MethodMap = Readonly<Record<string, MethodSpec>>;

interface Declared<I extends z.ZodType, R extends z.ZodType, P extends MethodAccess> {
  readonly input: I;
  readonly result: R;
  readonly permission: P;
}

/** A method that changes the ledger or main's state. */
export const command = <I extends z.ZodType, R extends z.ZodType, P extends MethodAccess>(spec: Declared<I, R, P>) => ({ kind: 'command' as const, ...spec });

/** A method that only reads. */
export const query = <I extends z.ZodType, R extends z.ZodType, P extends MethodAccess>(spec: Declared<I, R, P>) => ({ kind: 'query' as const, ...spec });
