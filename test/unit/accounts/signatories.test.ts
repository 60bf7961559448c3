/** Authorised signatories inside an account (SCENARIOS 12): add with a role (OPERATOR by default), remove by email. */

import { describe, expect, it } from 'vitest';
import { accountDecider, addSignatorySchema, removeSignatorySchema, toAccountView, type AccountCommand } from '@fidelis/shared/accounts/index.js';
import { parseOrThrow } from '@fidelis/shared/validation.js';
import { accountEvents } from '../../support/accountFixtures.js';
import { deciderScenario } from '../../support/givenWhenThen.js';

const account = deciderScenario(accountDecider);
const id = 'acc-1';
const ev = accountEvents(id);

// Commands go through their schemas, as the host does: defaults (role) and normalisation (email) come from there.
const add = (input: { name: string; email: string; role?: string }): AccountCommand =>
  parseOrThrow(addSignatorySchema, { type: 'AddSignatory', accountId: id, ...input });
const remove = (email: string): AccountCommand => parseOrThrow(removeSignatorySchema, { type: 'RemoveSignatory', accountId: id, email });

describe('authorised signatories', () => {
  it('adds Bob as MANAGER and Carol as OPERATOR by default, then removing Bob leaves only Carol', () => {
    const { then } = account
      .given(ev.opened())
      .when(add({ name: 'Bob', email: 'bob@example.com', role: 'MANAGER' }), add({ name: 'Carol', email: 'carol@example.com' }), remove('bob@example.com'));
    then.expectAccepted();
    expect(then.chain.types).toEqual(['SignatoryAdded', 'SignatoryAdded', 'SignatoryRemoved']);
    expect(then.state.signatories).toEqual([{ name: 'Carol', email: 'carol@example.com', role: 'OPERATOR' }]);
    expect(toAccountView(then.state)?.signatories).toEqual([{ name: 'Carol', email: 'carol@example.com', role: 'OPERATOR' }]);
  });

  it('refuses to remove an email that is not a signatory, on field signatories', () => {
    account
      .given(ev.opened())
      .when(add({ name: 'Carol', email: 'carol@example.com' }), remove('bob@example.com'))
      .then.expectRejected({ code: 'SIGNATORY_NOT_FOUND', field: 'signatories', message: 'bob@example.com' });
  });

  it('refuses the same email twice, however it is capitalised', () => {
    account
      .given(ev.opened())
      .when(add({ name: 'Bob', email: 'bob@example.com' }), add({ name: 'Robert', email: ' Bob@Example.COM ' }))
      .then.expectRejected({ code: 'SIGNATORY_EXISTS', field: 'signatories' });
  });

  it('reports a malformed email, an unknown role or a missing name on that field', () => {
    expect(() => add({ name: 'Bob', email: 'not-an-email' })).toThrow(expect.objectContaining({ code: 'VALIDATION', field: 'email' }));
    expect(() => add({ name: 'Bob', email: 'bob@example.com', role: 'KING' })).toThrow(expect.objectContaining({ code: 'VALIDATION', field: 'role' }));
    expect(() => add({ name: ' ', email: 'bob@example.com' })).toThrow(expect.objectContaining({ code: 'VALIDATION', field: 'name' }));
    expect(add({ name: 'Bob', email: 'bob@example.com', role: 'manager' })).toMatchObject({ role: 'MANAGER' });
  });

  it('refuses changes to the signatories of a closed account', () => {
    account.given(ev.opened('0'), ev.closed()).when(add({ name: 'Bob', email: 'bob@example.com' })).then.expectRejected({ code: 'ACCOUNT_CLOSED' });
    account.when(add({ name: 'Bob', email: 'bob@example.com' })).then.expectRejected({ code: 'ACCOUNT_NOT_FOUND', field: 'accountId' });
  });
});
