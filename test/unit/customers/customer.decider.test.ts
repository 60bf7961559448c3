/** The Customer rules given / when / then on the pure decider: registration, changes, derived customers, TINs. */

import { describe, expect, it } from 'vitest';
import { customerDecider, type ChangeCustomerDetails, type CustomerEvent, type RegisterCustomer } from '@fidelis/shared/customers/index.js';
import { tellerCommandRequestSchema } from '@fidelis/shared/ledger/commands.js';
import { deciderScenario } from '../../support/givenWhenThen.js';

const customer = deciderScenario(customerDecider, { now: '2026-03-01T15:00:00.000Z' });
const id = 'cus-1';

const register = (fields: Partial<RegisterCustomer> = {}): RegisterCustomer => ({
  type: 'RegisterCustomer',
  customerId: id,
  kind: 'PERSON',
  legalName: 'Ada Lovelace',
  address: { line1: '12 St James Square', city: 'London', country: 'GB' },
  dateOfBirth: '1815-12-10',
  ...fields,
});
const change = (changes: ChangeCustomerDetails['changes'], fields: Partial<ChangeCustomerDetails> = {}): ChangeCustomerDetails => ({ type: 'ChangeCustomerDetails', customerId: id, changes, ...fields });
const registered = (fields: Partial<RegisterCustomer> = {}): CustomerEvent => {
  const { type: _type, ...data } = register(fields);
  return { type: 'CustomerRegistered', data };
};

describe('registering a customer', () => {
  it('records CustomerRegistered with every detail given', () => {
    const { then } = customer.when(
      register({ identification: { type: 'PASSPORT', number: 'X1234567', issuer: 'GB', expiry: '2030-01-01' }, tin: '123-45-6789', tinType: 'SSN', occupation: 'Mathematician' }),
    );
    then.expectAccepted();
    expect(then.events.first?.data).toEqual({
      customerId: id,
      kind: 'PERSON',
      legalName: 'Ada Lovelace',
      address: { line1: '12 St James Square', city: 'London', country: 'GB' },
      dateOfBirth: '1815-12-10',
      identification: { type: 'PASSPORT', number: 'X1234567', issuer: 'GB', expiry: '2030-01-01' },
      // A US TIN is kept as its nine digits, however it was typed.
      tin: '123456789',
      tinType: 'SSN',
      occupation: 'Mathematician',
    });
    expect(then.state).toMatchObject({ registered: true, customerId: id, version: 0 });
  });

  it('registers an organisation with its incorporation date and EIN', () => {
    const { then } = customer.when(register({ kind: 'ORGANISATION', legalName: 'Analytical Engines Ltd', dateOfBirth: '1990-04-01', tin: '12 3456789', tinType: 'EIN' }));
    expect(then.events.first?.data).toMatchObject({ kind: 'ORGANISATION', tin: '123456789', tinType: 'EIN' });
  });

  it('refuses a second registration with CUSTOMER_EXISTS on customerId', () => {
    customer.given(registered()).when(register()).then.expectRejected({ code: 'CUSTOMER_EXISTS', field: 'customerId' });
  });

  it.each([
    ['a TIN without its type', { tin: '123456789' }, 'tinType'],
    ['a type without its TIN', { tinType: 'SSN' as const }, 'tin'],
    ['an SSN of eight digits', { tin: '12345678', tinType: 'SSN' as const }, 'tin'],
    ['a date of birth in the future', { dateOfBirth: '2026-03-02' }, 'dateOfBirth'],
  ])('refuses %s with VALIDATION and changes nothing', (_label, fields, field) => {
    const { then } = customer.when(register(fields));
    then.expectRejected({ code: 'VALIDATION', field });
    expect(then.state.registered).toBe(false);
  });

  it('keeps a foreign TIN as typed', () => {
    const { then } = customer.when(register({ tin: 'DE-12 345', tinType: 'FOREIGN' }));
    expect(then.events.first?.data).toMatchObject({ tin: 'DE-12 345', tinType: 'FOREIGN' });
  });
});

describe('changing a customer', () => {
  it('records only the fields that change, and the state has the new details', () => {
    const { then } = customer.given(registered()).when(change({ legalName: 'Augusta Ada King', dateOfBirth: '1815-12-10', occupation: 'Countess' }));
    then.expectAccepted();
    expect(then.events.first?.data).toEqual({ customerId: id, changes: { legalName: 'Augusta Ada King', occupation: 'Countess' } });
    expect(then.state.details).toMatchObject({ legalName: 'Augusta Ada King', dateOfBirth: '1815-12-10', occupation: 'Countess', address: { city: 'London' } });
  });

  it('refuses a change that changes nothing with NO_CHANGE', () => {
    customer.given(registered()).when(change({ legalName: 'Ada Lovelace' })).then.expectRejected({ code: 'NO_CHANGE', field: 'changes' });
  });

  it('refuses a TIN that would be left without its type', () => {
    customer.given(registered()).when(change({ tin: '123456789' })).then.expectRejected({ code: 'VALIDATION', field: 'tinType' });
  });

  it('refuses a change to a customer nobody registered with CUSTOMER_NOT_FOUND', () => {
    customer.when(change({ legalName: 'X' })).then.expectRejected({ code: 'CUSTOMER_NOT_FOUND', field: 'customerId' });
  });

  it('registers a customer derived from an account with its first change, from what the ledger knew of them', () => {
    const { then } = customer.when(change({ tin: '987654321', tinType: 'SSN' }, { derivedFrom: { kind: 'PERSON', legalName: 'Old Holder' } }));
    then.expectAccepted();
    expect(then.events.types).toEqual(['CustomerRegistered', 'CustomerDetailsChanged']);
    expect(then.events.first?.data).toEqual({ customerId: id, kind: 'PERSON', legalName: 'Old Holder' });
    expect(then.state.details).toMatchObject({ legalName: 'Old Holder', tin: '987654321', tinType: 'SSN' });
  });

  it('ignores what an account knew once the customer is registered (a change decided again after another workstation registered them)', () => {
    const { then } = customer.given(registered()).when(change({ occupation: 'Poet' }, { derivedFrom: { kind: 'PERSON', legalName: 'Old Holder' } }));
    expect(then.events.types).toEqual(['CustomerDetailsChanged']);
    expect(then.state.details.legalName).toBe('Ada Lovelace');
  });
});

describe('what staff may send', () => {
  const request = (fields: Record<string, unknown>) => tellerCommandRequestSchema.safeParse({ type: 'ChangeCustomerDetails', customerId: id, changes: { occupation: 'Poet' }, ...fields });

  it("drops a caller's own copy of what a derived customer was known as: only main fills it", () => {
    const parsed = request({ derivedFrom: { kind: 'PERSON', legalName: 'Forged' } });
    expect(parsed.success).toBe(true);
    expect(parsed.data).not.toHaveProperty('derivedFrom');
  });

  it('names the field at fault in a malformed registration', () => {
    const parsed = tellerCommandRequestSchema.safeParse({ type: 'RegisterCustomer', kind: 'PERSON', legalName: 'Ada', address: { line1: 'x', city: 'y', country: 'Great Britain' } });
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['address', 'country'], message: 'The country is a 2-letter ISO code such as US.' });
  });
});
