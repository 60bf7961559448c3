/** The FinCEN CTR batch stays well-formed XML whatever a teller typed into a customer's name or address, and says what it cleaned. */

import { describe, expect, it } from 'vitest';
import { usdOfCents } from '@fidelis/shared/rates/exchangeRate.js';
import type { CtrLine } from '@fidelis/shared/reports/ctr.js';
import { buildFincenCtrBatch } from '@fidelis/shared/reports/fincenXml.js';
import { filingInstitutionOf } from '@fidelis/shared/reports/institution.js';

const institution = filingInstitutionOf({
  name: 'Fidelis Community Bank',
  ein: '123456789',
  rssd: '1234567',
  regulator: 'FDIC',
  street: '1 Main Street',
  city: 'Springfield',
  state: 'IL',
  zip: '62701',
  country: 'US',
  branchStreet: '200 Market Street',
  branchCity: 'Springfield',
  branchState: 'IL',
  branchZip: '62702',
  branchCountry: 'US',
  transmitterControlCode: 'TBSATEST',
  contactName: 'Compliance',
  phone: '2175550100',
});

const cents = 1_050_050n;
const lineFor = (legalName: string, street: string): CtrLine => ({
  businessDay: '2026-03-02',
  customer: { customerId: 'c-1', kind: 'PERSON', legalName, address: { line1: street, city: 'London', country: 'GB' }, derived: false },
  cashIn: usdOfCents(cents),
  cashOut: usdOfCents(0n),
  parts: [{ currency: 'USD', cashIn: cents, cashOut: 0n, cashInUsd: usdOfCents(cents), cashOutUsd: usdOfCents(0n), rate: undefined }],
  accounts: [{ accountId: 'a-1', number: '1001', cashIn: usdOfCents(cents), cashOut: usdOfCents(0n) }],
  transactions: [],
});

describe('FinCEN CTR batch', () => {
  it('escapes markup, drops characters XML cannot carry, lists what it dropped, and never cuts a character in half', () => {
    const street = `${'𝕏'.repeat(99)}𝕏𝕏`;
    const { xml, cleanings } = buildFincenCtrBatch([lineFor('Ada <b>&amp;</b>\u0001 Love\u0000lace\u202E', street)], institution, '2026-03-03');
    expect(xml).toContain('<RawEntityIndividualLastName>Lovelace</RawEntityIndividualLastName>');
    expect(xml).toContain('<RawIndividualFirstName>Ada</RawIndividualFirstName>');
    expect(xml).toContain('<RawIndividualMiddleName>&lt;b&gt;&amp;amp;&lt;/b&gt;</RawIndividualMiddleName>');
    // 100 characters of the street (FinCEN's maximum), each a surrogate pair kept whole.
    expect(xml).toContain(`<RawStreetAddress1Text>${'𝕏'.repeat(100)}</RawStreetAddress1Text>`);
    expect(xml).not.toMatch(/[\u0000\u0001\u202E]/);
    expect(cleanings).toEqual([{ where: 'Name of customer c-1 (CTR of 2026-03-02)', removed: ['U+0001', 'U+0000', 'U+202E'] }]);
  });

  it('names the reporting institution with its EIN and RSSD, its contact office, and the person with TIN unknown when none is recorded', () => {
    const { xml, partyCount } = buildFincenCtrBatch([lineFor('Ada Lovelace', '12 St James Square')], institution, '2026-03-03');
    expect(partyCount).toBe(6);
    expect(xml).toMatch(/<ActivityPartyTypeCode>30<\/ActivityPartyTypeCode>\s*<PrimaryRegulatorTypeCode>2<\/PrimaryRegulatorTypeCode>/);
    expect(xml).toContain('<PartyIdentificationNumberText>1234567</PartyIdentificationNumberText><PartyIdentificationTypeCode>14</PartyIdentificationTypeCode>');
    expect(xml).toContain('<ActivityPartyTypeCode>8</ActivityPartyTypeCode>');
    expect(xml).toContain('<TINUnknownIndicator>Y</TINUnknownIndicator>');
    expect(xml).toContain('<TotalCashInReceiveAmountText>10501</TotalCashInReceiveAmountText>');
  });
});
