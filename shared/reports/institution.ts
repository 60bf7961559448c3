/**
 * The filing institution as regulators know it — legal name, EIN, RSSD, primary regulator, address — its branch
 * (where the cash changed hands) and the BSA E-Filing transmitter. Recorded by events on the branch's
 * `institution-<branchId>` stream, field by field, so every workstation files with the same details and each change
 * says who made it. A FinCEN batch is refused while a field it needs is missing.
 */

import { z } from 'zod';
import type { Decider, DomainEvent } from '../decider.js';
import { DomainError } from '../errors.js';

export const INSTITUTION_CATEGORY = 'institution';

/** FinCEN's primary federal regulator codes. */
export const REGULATOR_CODES = { FRB: '1', FDIC: '2', NCUA: '3', OCC: '4', SEC: '6', IRS: '7', CFTC: '9' } as const;
export type Regulator = keyof typeof REGULATOR_CODES;
export const REGULATORS = Object.keys(REGULATOR_CODES) as [Regulator, ...Regulator[]];

const text = (max: number, what: string) => z.string().trim().min(1, `Enter the ${what}.`).max(max, `The ${what} has at most ${max} characters.`);
const state = z.string().trim().toUpperCase().regex(/^[A-Z]{2,3}$/, 'A state is a 2- or 3-letter code such as NY.');
const zip = z.string().trim().regex(/^[0-9A-Za-z]{1,9}$/, 'A ZIP code has 1 to 9 letters or digits, no spaces or dashes.');
const country = z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'The country is a 2-letter ISO code such as US.');
const rssd = z.string().trim().regex(/^\d{1,10}$/, 'An RSSD ID has 1 to 10 digits.');

/** Every field, each optional: a change names the ones it sets. */
export const institutionFieldsSchema = z.object({
  name: text(150, "institution's legal name"),
  ein: z.string().trim().transform((v) => v.replace(/[\s-]/g, '')).pipe(z.string().regex(/^\d{9}$/, 'An EIN has nine digits, such as 12-3456789.')),
  rssd,
  regulator: z.string().trim().toUpperCase().pipe(z.enum(REGULATORS, `The regulator is one of ${REGULATORS.join(', ')}.`)),
  street: text(100, 'street address'),
  city: text(50, 'city'),
  state,
  zip,
  country,
  branchName: text(150, "branch's name"),
  branchRssd: rssd,
  branchStreet: text(100, "branch's street address"),
  branchCity: text(50, "branch's city"),
  branchState: state,
  branchZip: zip,
  branchCountry: country,
  /** The transmitter control code FinCEN assigned for BSA E-Filing batches. */
  transmitterControlCode: z.string().trim().regex(/^[0-9A-Za-z]{8}$/, 'A transmitter control code has 8 letters or digits.'),
  contactName: text(150, "contact's name"),
  phone: z.string().trim().transform((v) => v.replace(/[\s().+-]/g, '')).pipe(z.string().regex(/^\d{1,16}$/, 'A phone number has up to 16 digits.')),
}).partial();
export type InstitutionFields = z.infer<typeof institutionFieldsSchema>;
export type InstitutionField = keyof InstitutionFields;

/** What a FinCEN CTR batch cannot go without (the branch's name and RSSD are optional: the institution's stand in). */
export const REQUIRED_FIELDS: readonly InstitutionField[] = ['name', 'ein', 'rssd', 'regulator', 'street', 'city', 'state', 'zip', 'country', 'branchStreet', 'branchCity', 'branchState', 'branchZip', 'branchCountry', 'transmitterControlCode', 'contactName', 'phone'];

export const recordInstitutionSchema = z.object({
  type: z.literal('RecordInstitution'),
  branchId: z.string().trim().min(1).max(64),
  changes: institutionFieldsSchema.refine((c) => Object.keys(c).length > 0, 'Give at least one detail to record.'),
});
export type RecordInstitution = z.infer<typeof recordInstitutionSchema>;

export const institutionRecordedSchema = z.object({ branchId: z.string().min(1), changes: institutionFieldsSchema });
export type InstitutionRecorded = DomainEvent<'InstitutionRecorded', z.infer<typeof institutionRecordedSchema>>;

export const institutionEventSchemas = {
  InstitutionRecorded: { version: 1, schema: institutionRecordedSchema },
} as const satisfies Record<InstitutionRecorded['type'], { version: number; schema: z.ZodType }>;

export interface InstitutionState {
  readonly version: number;
  readonly fields: InstitutionFields;
}

export const institutionDecider: Decider<RecordInstitution, InstitutionRecorded, InstitutionState> = {
  initialState: { version: -1, fields: {} },
  decide(command, state) {
    const changed = Object.fromEntries(Object.entries(command.changes).filter(([field, value]) => value !== undefined && state.fields[field as InstitutionField] !== value));
    if (Object.keys(changed).length === 0) return new DomainError('NO_CHANGE', 'The institution already has these details: nothing to change.', 'changes');
    return [{ type: 'InstitutionRecorded', data: { branchId: command.branchId, changes: changed } }];
  },
  evolve: (state, event) => ({ version: state.version + 1, fields: { ...state.fields, ...event.data.changes } }),
};

/** The details a FinCEN batch is filed with, every required one present. */
export interface FilingInstitution {
  readonly name: string;
  readonly ein: string;
  readonly rssd: string;
  readonly regulatorCode: string;
  readonly address: InstitutionAddress;
  readonly branch: { readonly name: string; readonly rssd: string; readonly address: InstitutionAddress };
  readonly transmitterControlCode: string;
  readonly contactName: string;
  readonly phone: string;
}

export interface InstitutionAddress {
  readonly street: string;
  readonly city: string;
  readonly state: string;
  readonly zip: string;
  readonly country: string;
}

/** The fields a batch still needs, by their CLI option names. */
export const missingInstitutionFields = (fields: InstitutionFields): InstitutionField[] => REQUIRED_FIELDS.filter((field) => fields[field] === undefined);

/** The filing institution, or INSTITUTION_NOT_SET naming every missing field and how to record it. */
export function filingInstitutionOf(fields: InstitutionFields): FilingInstitution {
  const missing = missingInstitutionFields(fields);
  if (missing.length > 0) {
    const options = missing.map((field) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(' ');
    throw new DomainError('INSTITUTION_NOT_SET', `The institution's filing details are not complete: record ${options} with fidelis branch set before a FinCEN export.`, missing[0]);
  }
  const f = fields as Required<InstitutionFields>;
  return {
    name: f.name,
    ein: f.ein,
    rssd: f.rssd,
    regulatorCode: REGULATOR_CODES[f.regulator],
    address: { street: f.street, city: f.city, state: f.state, zip: f.zip, country: f.country },
    branch: {
      name: fields.branchName ?? f.name,
      rssd: fields.branchRssd ?? f.rssd,
      address: { street: f.branchStreet, city: f.branchCity, state: f.branchState, zip: f.branchZip, country: f.branchCountry },
    },
    transmitterControlCode: f.transmitterControlCode,
    contactName: f.contactName,
    phone: f.phone,
  };
}
