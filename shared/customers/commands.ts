/** Customer commands as staff, the CLI and the API send them (fields trimmed, codes upper-cased by the schemas). */

import { z } from 'zod';
import { customerChangesSchema, customerDetailsSchema, customerIdSchema } from './events.js';

export const registerCustomerSchema = customerDetailsSchema.extend({
  type: z.literal('RegisterCustomer'),
  customerId: customerIdSchema,
});

export const changeCustomerDetailsSchema = z.object({
  type: z.literal('ChangeCustomerDetails'),
  customerId: customerIdSchema,
  changes: customerChangesSchema,
  /**
   * Set by main only, for a customer known so far from an account alone (opened with a holder name, or before
   * customers existed): what the ledger knew of them, registered with this first change. Never a caller's.
   */
  derivedFrom: customerDetailsSchema.optional(),
});

export const customerCommandSchema = z.discriminatedUnion('type', [registerCustomerSchema, changeCustomerDetailsSchema]);

export type RegisterCustomer = z.infer<typeof registerCustomerSchema>;
export type ChangeCustomerDetails = z.infer<typeof changeCustomerDetailsSchema>;
export type CustomerCommand = z.infer<typeof customerCommandSchema>;
