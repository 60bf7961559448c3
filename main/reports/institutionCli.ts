/** `fidelis branch set|show`: the institution, branch and transmitter a FinCEN filing names, recorded once for the branch. */

import { institutionFieldsSchema, missingInstitutionFields, type InstitutionFields } from '@fidelis/shared/reports/institution.js';
import type { CliCommand } from '../cli/cliCommand.js';

/** `branchStreet` → `branch-street`: each field is an option of the same name. */
const optionOf = (field: string) => field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

const HELP: Readonly<Record<keyof InstitutionFields, string>> = {
  name: "The institution's legal name.",
  ein: 'Its EIN (nine digits).',
  rssd: 'Its RSSD ID (Federal Reserve).',
  regulator: 'Its primary federal regulator: FRB, FDIC, NCUA, OCC, SEC, IRS or CFTC.',
  street: "The institution's street address.",
  city: "The institution's city.",
  state: "The institution's state (two letters).",
  zip: "The institution's ZIP code.",
  country: "The institution's country (two letters).",
  branchName: "This branch's name (the institution's by default).",
  branchRssd: "This branch's RSSD ID (the institution's by default).",
  branchStreet: "This branch's street address.",
  branchCity: "This branch's city.",
  branchState: "This branch's state.",
  branchZip: "This branch's ZIP code.",
  branchCountry: "This branch's country.",
  transmitterControlCode: 'The BSA E-Filing transmitter control code (8 characters).',
  contactName: 'Who FinCEN may contact about a filing.',
  phone: "The contact's phone number.",
};

const FIELDS = Object.keys(institutionFieldsSchema.shape) as (keyof InstitutionFields)[];

const show = (fields: InstitutionFields) => {
  const missing = missingInstitutionFields(fields);
  return [
    ...FIELDS.filter((f) => fields[f] !== undefined).map((f) => `${optionOf(f)}: ${fields[f]}`),
    missing.length === 0 ? 'complete: FinCEN exports may run' : `missing for a FinCEN export: ${missing.map(optionOf).join(', ')}`,
  ].join('\n');
};

export const institutionCommands: CliCommand[] = [
  {
    words: ['branch', 'set'],
    args: [],
    options: Object.fromEntries(FIELDS.map((f) => [optionOf(f), { type: 'string', help: HELP[f] }] as const)),
    idempotent: true,
    access: 'reports',
    summary: "Record the institution's filing details (name, EIN, RSSD, regulator, address), this branch's address and the transmitter; give only what changes.",
    async run(context) {
      const changes = Object.fromEntries(FIELDS.filter((f) => typeof context.options[optionOf(f)] === 'string').map((f) => [f, context.options[optionOf(f)]]));
      await context.host.execute({ type: 'RecordInstitution', branchId: context.host.settings.branchId, changes }, { commandId: context.options['command-id'] as string | undefined });
      return context.host.institution();
    },
    text: show,
  },
  {
    words: ['branch', 'show'],
    readOnly: true,
    args: [],
    options: {},
    access: 'read',
    summary: "Show the institution's filing details and what a FinCEN export still needs.",
    run: (context) => context.host.institution(),
    text: show,
  },
];
