/** The FinCEN CTR batch stays well-formed XML whatever a teller typed into a holder's name or address. */

import { describe, expect, it } from 'vitest';
import type { CtrLine } from '@fidelis/shared/reports/ctr.js';
import { buildFincenCtrBatch, type FincenInstitution } from '@fidelis/shared/reports/fincenXml.js';

const place = { street: '1 Main Street', city: 'Springfield', state: 'IL', zip: '62701', country: 'US' };
const institution: FincenInstitution = { name: 'Fidelis Community Bank', tin: '000000000', regulatorCode: '2', ...place, contactName: 'Compliance', transmitterControlCode: 'TBSATEST', phone: '2175550100', branch: place };

const lineFor = (customer: string, street: string): CtrLine => ({
  businessDay: '2026-03-02',
  customer,
  currency: 'USD',
  cashIn: 1_050_050n,
  cashOut: 0n,
  accounts: [{ accountId: 'a-1', number: '1001', cashIn: 1_050_050n, cashOut: 0n }],
  details: { street, city: 'London', country: 'GB' },
  transactions: [],
});

describe('FinCEN CTR batch', () => {
  it('escapes markup, drops characters XML cannot carry and never cuts a character in half', () => {
    const street = `${'𝕏'.repeat(99)}𝕏𝕏`;
    const { xml } = buildFincenCtrBatch([lineFor('Ada <b>&amp;</b>\u0001 Love\u0000lace', street)], institution, '2026-03-03');
    expect(xml).toContain('<RawEntityIndividualLastName>Lovelace</RawEntityIndividualLastName>');
    expect(xml).toContain('<RawIndividualFirstName>Ada &lt;b&gt;&amp;amp;&lt;/b&gt;</RawIndividualFirstName>');
    // 100 characters of the street (FinCEN's maximum), each a surrogate pair kept whole.
    expect(xml).toContain(`<RawStreetAddress1Text>${'𝕏'.repeat(100)}</RawStreetAddress1Text>`);
    expect(xml).not.toMatch(/[\u0000\u0001]/);
  });
});
