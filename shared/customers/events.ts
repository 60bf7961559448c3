/** Customer events: who a customer is (person or organisation) as regulatory reports need it, and each change to it. */

import { z } from 'zod';
import type { DomainEvent } from '../decider.js';

export const CUSTOMER_CATEGORY = 'customer';

export const CUSTOMER_KINDS = ['PERSON', 'ORGANISATION'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];

/** Identity documents FinCEN's CTR knows besides a TIN (item 14 of its Part I). */
export const IDENTIFICATION_TYPES = ['DRIVERS_LICENSE', 'PASSPORT', 'ALIEN_REGISTRATION', 'STATE_ID', 'OTHER'] as const;
export type IdentificationType = (typeof IDENTIFICATION_TYPES)[number];

export const TIN_TYPES = ['SSN', 'EIN', 'ITIN', 'FOREIGN'] as const;
export type TinType = (typeof TIN_TYPES)[number];

const line = (max: number, message: string) => z.string().trim().min(1, message).max(max, message);
const isoDay = (message: string) => z.iso.date(message);

export const customerIdSchema = z
  .string()
  .trim()
  .min(1, 'Name the customer (their id).')
  .max(80, 'A customer id has at most 80 characters.')
  .regex(/^[^\s|]+$/, 'A customer id has no spaces and no |.');

export const addressSchema = z.object({
  line1: line(100, 'Enter the street address (at most 100 characters).'),
  line2: z.string().trim().min(1).max(100, 'The second address line has at most 100 characters.').optional(),
  city: line(50, 'Enter the city (at most 50 characters).'),
  /** A state, province or region code (US: two letters). */
  state: z.string().trim().toUpperCase().min(1).max(3, 'A state code has at most 3 characters.').optional(),
  postalCode: z.string().trim().regex(/^[0-9A-Za-z]{1,9}$/, 'A postal code has 1 to 9 letters or digits, no spaces or dashes.').optional(),
  /** ISO 3166 alpha-2. */
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'The country is a 2-letter ISO code such as US.'),
});
export type Address = z.infer<typeof addressSchema>;

export const identificationSchema = z.object({
  type: z.string().trim().toUpperCase().pipe(z.enum(IDENTIFICATION_TYPES, `The identification type is one of ${IDENTIFICATION_TYPES.join(', ')}.`)),
  number: line(25, 'Enter the identification number (at most 25 characters).'),
  /** The issuing state (US) or country code. */
  issuer: z.string().trim().toUpperCase().regex(/^[A-Z]{2,3}$/, 'The issuer is a 2- or 3-letter state or country code.'),
  expiry: isoDay('The expiry date is YYYY-MM-DD.').optional(),
});
export type Identification = z.infer<typeof identificationSchema>;

/** Everything a customer record holds besides its id; only the kind and the legal name are required. */
export const customerDetailsSchema = z.object({
  kind: z.string().trim().toUpperCase().pipe(z.enum(CUSTOMER_KINDS, 'The kind is PERSON or ORGANISATION.')),
  legalName: line(150, 'Enter the legal name (at most 150 characters).'),
  /** Absent only for customers known by name alone (an account opened with a holder name): reports say it is missing. */
  address: addressSchema.optional(),
  /** YYYY-MM-DD: the date of birth, or of incorporation for an organisation. */
  dateOfBirth: isoDay('The date is YYYY-MM-DD.').optional(),
  identification: identificationSchema.optional(),
  /** Digits only for SSN, EIN and ITIN (dashes and spaces are dropped as typed). */
  tin: z.string().trim().min(1).max(25, 'A TIN has at most 25 characters.').optional(),
  tinType: z.string().trim().toUpperCase().pipe(z.enum(TIN_TYPES, `The TIN type is one of ${TIN_TYPES.join(', ')}.`)).optional(),
  occupation: z.string().trim().min(1).max(50, 'An occupation or business has at most 50 characters.').optional(),
});
export type CustomerDetails = z.infer<typeof customerDetailsSchema>;

/** The fields a change may set: every detail but the kind (a person does not become an organisation). */
export const customerChangesSchema = customerDetailsSchema.omit({ kind: true }).partial();
export type CustomerChanges = z.infer<typeof customerChangesSchema>;

export const customerRegisteredSchema = customerDetailsSchema.extend({ customerId: customerIdSchema });

/** The fields changed and their new values; who changed them and when are the envelope's meta and occurredAt. */
export const customerDetailsChangedSchema = z.object({ customerId: customerIdSchema, changes: customerChangesSchema });

export type CustomerRegistered = DomainEvent<'CustomerRegistered', z.infer<typeof customerRegisteredSchema>>;
export type CustomerDetailsChanged = DomainEvent<'CustomerDetailsChanged', z.infer<typeof customerDetailsChangedSchema>>;
export type CustomerEvent = CustomerRegistered | CustomerDetailsChanged;

export const customerEventSchemas = {
  CustomerRegistered: { version: 1, schema: customerRegisteredSchema },
  CustomerDetailsChanged: { version: 1, schema: customerDetailsChangedSchema },
} as const satisfies Record<CustomerEvent['type'], { version: number; schema: z.ZodType }>;
