/** `fidelis customer …`: register, show, search and update customers; the detail options `account open` shares. */

import { DomainError } from '@fidelis/shared/errors.js';
import type { CliCommand, CliContext, OptionSpec } from '../cli/cliCommand.js';
import type { CustomerRecord } from './customerLookup.js';
import { customerViewOf } from './customersApi.js';

const str = (context: CliContext, name: string): string | undefined => {
  const value = context.options[name];
  return typeof value === 'string' ? value : undefined;
};

/** A customer's details as options: `customer add`, `customer update` and `account open --holder` take them. */
export const customerDetailOptions: Readonly<Record<string, OptionSpec>> = {
  kind: { type: 'string', value: 'KIND', help: 'PERSON (default) or ORGANISATION.' },
  line1: { type: 'string', value: 'TEXT', help: 'Street address.' },
  line2: { type: 'string', value: 'TEXT', help: 'Second address line.' },
  city: { type: 'string', value: 'TEXT', help: 'City.' },
  state: { type: 'string', value: 'CODE', help: 'State or province code (NY).' },
  'postal-code': { type: 'string', value: 'CODE', help: 'ZIP or postal code.' },
  country: { type: 'string', value: 'CODE', help: 'ISO 3166 two-letter country (US).' },
  dob: { type: 'string', value: 'YYYY-MM-DD', help: 'Date of birth, or of incorporation for an organisation.' },
  'id-type': { type: 'string', value: 'TYPE', help: 'DRIVERS_LICENSE, PASSPORT, ALIEN_REGISTRATION, STATE_ID or OTHER.' },
  'id-number': { type: 'string', value: 'TEXT', help: 'The identification document number.' },
  'id-issuer': { type: 'string', value: 'CODE', help: 'Who issued it: a state (licence) or a country (passport).' },
  'id-expiry': { type: 'string', value: 'YYYY-MM-DD', help: 'When the document expires.' },
  tin: { type: 'string', value: 'TIN', help: 'Taxpayer identification number (123-45-6789).' },
  'tin-type': { type: 'string', value: 'TYPE', help: 'SSN, EIN, ITIN or FOREIGN.' },
  occupation: { type: 'string', value: 'TEXT', help: 'Occupation, profession or business.' },
};

const ADDRESS_OPTIONS = ['line1', 'line2', 'city', 'state', 'postal-code', 'country'];
const IDENTIFICATION_OPTIONS = ['id-type', 'id-number', 'id-issuer', 'id-expiry'];

/** The details given on the command line; parts left out stay out (the schema names a missing part of an address). */
export function detailsFromOptions(context: CliContext): Record<string, unknown> {
  const given = (names: readonly string[]) => names.some((name) => str(context, name) !== undefined);
  const defined = (entries: Record<string, string | undefined>) => Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
  return {
    ...defined({ kind: str(context, 'kind'), legalName: str(context, 'name'), dateOfBirth: str(context, 'dob'), tin: str(context, 'tin'), tinType: str(context, 'tin-type'), occupation: str(context, 'occupation') }),
    ...(given(ADDRESS_OPTIONS)
      ? { address: defined({ line1: str(context, 'line1'), line2: str(context, 'line2'), city: str(context, 'city'), state: str(context, 'state'), postalCode: str(context, 'postal-code'), country: str(context, 'country') }) }
      : {}),
    ...(given(IDENTIFICATION_OPTIONS) ? { identification: defined({ type: str(context, 'id-type'), number: str(context, 'id-number'), issuer: str(context, 'id-issuer'), expiry: str(context, 'id-expiry') }) } : {}),
  };
}

/** Whether any detail besides the name was given (`account open --holder` then registers a customer with them). */
export const hasDetails = (context: CliContext): boolean => Object.keys(customerDetailOptions).some((name) => str(context, name) !== undefined);

const showText = (r: { customer: ReturnType<typeof customerViewOf>; accounts: { number: string; accountId: string; primary: boolean }[] }) => {
  const c = r.customer;
  const address = c.address ? [c.address.line1, c.address.line2, [c.address.city, c.address.state, c.address.postalCode].filter(Boolean).join(' '), c.address.country].filter(Boolean).join(', ') : '(no address recorded)';
  return [
    `${c.legalName}  (${c.customerId})${c.derived ? '  known from an account only' : ''}`,
    `kind        ${c.kind}`,
    `address     ${address}`,
    ...(c.dateOfBirth ? [`${c.kind === 'PERSON' ? 'born' : 'founded'}       ${c.dateOfBirth}`] : []),
    ...(c.identification ? [`id          ${c.identification.type} ${c.identification.number} (${c.identification.issuer}${c.identification.expiry ? `, expires ${c.identification.expiry}` : ''})`] : []),
    ...(c.tinType ? [`TIN         ${c.tinType} ${c.tinMasked ?? ''}`] : []),
    ...(c.occupation ? [`occupation  ${c.occupation}`] : []),
    `accounts    ${r.accounts.length === 0 ? '(none)' : r.accounts.map((a) => `${a.number}${a.primary ? '' : ' (joint)'}`).join(', ')}`,
  ].join('\n');
};

export const customerCommands: CliCommand[] = [
  {
    words: ['customer', 'add'],
    args: [],
    options: { name: { type: 'string', value: 'NAME', help: 'The legal name.' }, ...customerDetailOptions },
    required: ['name'],
    idempotent: true,
    access: 'post',
    summary: 'Register a customer (a person or an organisation); prints the new customer id.',
    async run(context) {
      const outcome = await context.host.execute({ type: 'RegisterCustomer', kind: 'PERSON', ...detailsFromOptions(context) }, { commandId: str(context, 'command-id') });
      return { customerId: outcome.aggregateId, version: outcome.version, ...(outcome.duplicate ? { duplicate: true } : {}) };
    },
    text: (r: { customerId: string }) => `registered customer ${r.customerId}`,
  },
  {
    words: ['customer', 'update'],
    args: ['ID'],
    options: { name: { type: 'string', value: 'NAME', help: 'The new legal name.' }, ...Object.fromEntries(Object.entries(customerDetailOptions).filter(([name]) => name !== 'kind')) },
    idempotent: true,
    access: 'post',
    summary: "Change a customer's details (only those given); an address or a document is given whole.",
    async run(context) {
      const { kind: _kind, ...changes } = detailsFromOptions(context);
      const outcome = await context.host.execute({ type: 'ChangeCustomerDetails', customerId: context.args[0], changes }, { commandId: str(context, 'command-id') });
      return { customerId: outcome.aggregateId, version: outcome.version, ...(outcome.duplicate ? { duplicate: true } : {}) };
    },
    text: (r: { customerId: string; version: number }) => `customer ${r.customerId} changed (version ${r.version})`,
  },
  {
    words: ['customer', 'show'],
    readOnly: true,
    args: ['ID'],
    options: {},
    access: 'read',
    summary: "Show a customer's details (the TIN masked) and the accounts they own.",
    async run(context) {
      const customerId = context.args[0] ?? '';
      const customer = await context.host.customers.customer(customerId);
      if (!customer) throw new DomainError('CUSTOMER_NOT_FOUND', `No customer ${customerId}.`, 'customerId');
      const accounts = await Promise.all(
        (await context.host.customers.accountsOf(customerId)).map(async (accountId) => ({
          accountId,
          number: (await context.host.readModels.accountSummaries.get(accountId))?.number ?? '',
          primary: (await context.host.customers.ownersOf(accountId))[0]?.customerId === customerId,
        })),
      );
      return { customer: customerViewOf(customer), accounts };
    },
    text: showText,
  },
  {
    words: ['customer', 'search'],
    readOnly: true,
    args: ['TEXT'],
    options: {},
    access: 'read',
    summary: 'Find customers by the start of a word of their name, or by their whole TIN.',
    async run(context) {
      const { total, items } = await context.host.customers.search(context.args[0] ?? '', { offset: 0, limit: 50 });
      return { total, items: items.map((record: CustomerRecord) => customerViewOf(record)) };
    },
    text: (r: { total: number; items: ReturnType<typeof customerViewOf>[] }) =>
      r.items.length === 0 ? 'no customer found' : r.items.map((c) => `${c.customerId}  ${c.legalName}${c.tinType ? `  ${c.tinType} ${c.tinMasked ?? ''}` : ''}`).join('\n'),
  },
];
