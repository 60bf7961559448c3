/**
 * Account numbers are unique in the branch: each number has a reservation stream (`accountnumber-<branch>:<number>`) whose
 * first event names the account it belongs to. A second reservation is refused here, and across workstations the
 * gateway's stream conflict refuses it (the reservation is appended where the stream does not exist yet).
 */

import { z } from 'zod';
import type { Decider, DomainEvent } from '../decider.js';
import { DomainError } from '../errors.js';

export const ACCOUNT_NUMBER_CATEGORY = 'accountnumber';

/** The key a number is reserved under: numbers differing only in case or surrounding spaces are one number. */
export const accountNumberKey = (number: string): string => number.trim().toLowerCase();

/** The reservation's aggregate id: numbers are unique per branch, and streams are named across the whole bank. */
export const accountNumberAggregateId = (branchId: string, number: string): string => `${branchId}:${accountNumberKey(number)}`;

export const reserveAccountNumberSchema = z.object({
  type: z.literal('ReserveAccountNumber'),
  number: z.string().trim().min(1).max(20),
  accountId: z.string().trim().min(1).max(64),
  /** The branch whose numbers it is unique among: the workstation's own, filled in by main. */
  branchId: z.string().trim().min(1).max(64),
});
export type ReserveAccountNumber = z.infer<typeof reserveAccountNumberSchema>;

export const accountNumberReservedSchema = z.object({ number: z.string().min(1).max(20), accountId: z.string().min(1) });
export type AccountNumberReserved = DomainEvent<'AccountNumberReserved', z.infer<typeof accountNumberReservedSchema>>;

export const accountNumberEventSchemas = {
  AccountNumberReserved: { version: 1, schema: accountNumberReservedSchema },
} as const satisfies Record<AccountNumberReserved['type'], { version: number; schema: z.ZodType }>;

export interface AccountNumberState {
  /** The account holding the number; undefined while the number is free. */
  readonly accountId: string | undefined;
  readonly version: number;
}

export const accountNumberTaken = (number: string): DomainError =>
  new DomainError('ACCOUNT_NUMBER_TAKEN', `Account number ${number} is already used in this branch: choose another.`, 'number');

export const accountNumberDecider: Decider<ReserveAccountNumber, AccountNumberReserved, AccountNumberState> = {
  initialState: { accountId: undefined, version: -1 },
  decide: (command, state) =>
    state.accountId === undefined ? [{ type: 'AccountNumberReserved', data: { number: command.number, accountId: command.accountId } }] : accountNumberTaken(command.number),
  evolve: (state, event) => ({ accountId: event.data.accountId, version: state.version + 1 }),
};
