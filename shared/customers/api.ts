/**
 * The customers area's API: register a customer, change their details, find them by name or TIN, and see who owns an
 * account. Command inputs are the command schemas (without `type`, with a command id), so defaults cannot diverge.
 */

import { z } from 'zod';
import { id, page } from '../api/fields.js';
import { command, query } from '../api/method.js';
import { commandIdField } from '../ledger/commands.js';
import { changeCustomerDetailsSchema, registerCustomerSchema } from './commands.js';
import { addressSchema, CUSTOMER_KINDS, identificationSchema, TIN_TYPES } from './events.js';

/** A customer as staff see them: the TIN is masked to its last four characters (reports read the full one in main). */
export const customerView = z.object({
  customerId: z.string(),
  kind: z.enum(CUSTOMER_KINDS),
  legalName: z.string(),
  address: addressSchema.optional(),
  dateOfBirth: z.string().optional(),
  identification: identificationSchema.optional(),
  tinType: z.enum(TIN_TYPES).optional(),
  /** `•••••6789`. */
  tinMasked: z.string().optional(),
  occupation: z.string().optional(),
  /** True while the customer is known from an account alone (opened with a holder name, or before customers existed). */
  derived: z.boolean(),
});
export type CustomerViewDto = z.infer<typeof customerView>;

export const customerAccountRef = z.object({
  accountId: z.string(),
  number: z.string(),
  currency: z.string(),
  status: z.enum(['ACTIVE', 'CLOSED']),
  /** Whether this customer is the account's primary owner (the first named). */
  primary: z.boolean(),
});

/** The ledger picks a new customer's id. */
export const registerCustomerInput = registerCustomerSchema.omit({ type: true, customerId: true }).extend(commandIdField);
/** `derivedFrom` is main's to fill, never a caller's. */
export const updateCustomerInput = changeCustomerDetailsSchema.omit({ type: true, derivedFrom: true }).extend(commandIdField);

export const customerCommandResult = z.object({ customerId: z.string(), version: z.number().int(), duplicate: z.boolean() });

export const customerGetInput = z.object({ customerId: id });
export const customerGetResult = z.object({ customer: customerView, accounts: z.array(customerAccountRef) });

export const customerSearchInput = z.object({
  /** The start of any word of the legal name (any case), or a whole TIN (dashes and spaces ignored). */
  search: z.string().trim().min(1, 'Enter a name or a TIN.').max(150),
  ...page,
});
export const customerSearchResult = z.object({ total: z.number().int(), items: z.array(customerView) });

/** An account named by its number (or its id, for scripts). */
export const customerOwnersInput = z.object({ account: id });
export const customerOwnersResult = z.object({ accountId: z.string(), number: z.string(), owners: z.array(customerView) });

export const customersMethods = {
  'customers.register': command({ input: registerCustomerInput, result: customerCommandResult, permission: 'post' }),
  'customers.update': command({ input: updateCustomerInput, result: customerCommandResult, permission: 'post' }),
  'customers.get': query({ input: customerGetInput, result: customerGetResult, permission: 'read' }),
  'customers.search': query({ input: customerSearchInput, result: customerSearchResult, permission: 'read' }),
  'customers.owners': query({ input: customerOwnersInput, result: customerOwnersResult, permission: 'read' }),
} as const;
