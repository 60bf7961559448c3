/**
 * The CTR as a FinCEN BSA E-Filing batch (FinCEN Report 112, schema EFL_CTRXBatchSchema v1.2): one Activity per
 * CTR line (customer and business day), USD only, amounts in whole dollars rounded up, batch totals that add up.
 */

import type { CtrLine } from './ctr.js';

/** The filing institution, its branch (the transaction location) and the transmitter, from the branch settings. */
export interface FincenInstitution {
  readonly name: string;
  /** 9-digit EIN. */
  readonly tin: string;
  readonly regulatorCode: string;
  readonly street: string;
  readonly city: string;
  readonly state: string;
  readonly zip: string;
  readonly country: string;
  readonly contactName: string;
  /** The transmitter control code (TCC) FinCEN assigned for BSA E-Filing batches. */
  readonly transmitterControlCode: string;
  readonly phone: string;
  readonly branch: { readonly street: string; readonly city: string; readonly state: string; readonly zip: string; readonly country: string };
}

export interface FincenBatch {
  readonly xml: string;
  readonly activityCount: number;
  readonly partyCount: number;
  /** Whole dollars: cash in plus cash out of every activity. */
  readonly totalAmount: bigint;
  /** Lines left out (not in USD): FinCEN takes dollars only. */
  readonly skipped: readonly CtrLine[];
}

const ID_TYPE_CODES: Readonly<Record<string, string>> = { SSN: '1', EIN: '2', TIN: '4', DRIVERS_LICENSE: '5', PASSPORT: '6', ALIEN_REGISTRATION: '7', FOREIGN: '9', OTHER: '999' };

const escapeXml = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** FinCEN refuses leading/trailing spaces, line breaks and tabs in any value, and each field has a maximum length. */
const clean = (value: string, max: number): string => value.replace(/\s+/g, ' ').trim().slice(0, max).trim();

/** Cents to whole dollars, rounded up: a CTR never under-reports. */
export const wholeDollars = (minor: bigint): bigint => (minor + 99n) / 100n;

const compactDate = (isoDay: string): string => isoDay.replace(/-/g, '');

/** "Ada King Lovelace" → first "Ada King", last "Lovelace"; one word is a last name. */
function splitName(full: string): { first: string; last: string } {
  const words = clean(full, 185).split(' ');
  const last = words.pop() ?? '';
  return { first: words.join(' '), last };
}

export function buildFincenCtrBatch(lines: readonly CtrLine[], institution: FincenInstitution, filingDay: string): FincenBatch {
  let seq = 0;
  const next = () => String(++seq);
  let partyCount = 0;
  let totalAmount = 0n;
  const out: string[] = [];
  const el = (name: string, value: string, max = 150) => `<${name}>${escapeXml(clean(value, max))}</${name}>`;
  const usd = lines.filter((l) => l.currency === 'USD');
  const skipped = lines.filter((l) => l.currency !== 'USD');

  const party = (code: string, fields: readonly string[], children: readonly string[]) => {
    partyCount += 1;
    return `<Party SeqNum="${next()}">${el('ActivityPartyTypeCode', code)}${fields.join('')}${children.join('')}</Party>`;
  };
  const orgName = (name: string) => `<PartyName SeqNum="${next()}">${el('PartyNameTypeCode', 'L')}${el('RawPartyFullName', name)}</PartyName>`;
  const address = (a: { street: string; city: string; state?: string | undefined; zip?: string | undefined; country: string }) =>
    `<Address SeqNum="${next()}">${el('RawCityText', a.city, 50)}${el('RawCountryCodeText', a.country, 2)}${a.state ? el('RawStateCodeText', a.state, 3) : ''}${el('RawStreetAddress1Text', a.street, 100)}${a.zip ? el('RawZIPCode', a.zip, 9) : ''}${a.state ? '' : '<StateCodeUnknownIndicator>Y</StateCodeUnknownIndicator>'}${a.zip ? '' : '<ZIPCodeUnknownIndicator>Y</ZIPCodeUnknownIndicator>'}</Address>`;
  const ein = () => `<PartyIdentification SeqNum="${next()}">${el('PartyIdentificationNumberText', institution.tin, 25)}${el('PartyIdentificationTypeCode', '2')}</PartyIdentification>`;
  const depository = () => `<OrganizationClassificationTypeSubtype SeqNum="${next()}">${el('OrganizationTypeID', '2')}</OrganizationClassificationTypeSubtype>`;

  for (const line of usd) {
    const cashIn = wholeDollars(line.cashIn);
    const cashOut = wholeDollars(line.cashOut);
    totalAmount += cashIn + cashOut;
    const parts: string[] = [];
    parts.push(`<Activity SeqNum="${next()}">`);
    parts.push(el('FilingDateText', compactDate(filingDay)));
    parts.push(`<ActivityAssociation SeqNum="${next()}"><CorrectsAmendsPriorReportIndicator></CorrectsAmendsPriorReportIndicator><FinCENDirectBackFileIndicator></FinCENDirectBackFileIndicator><InitialReportIndicator>Y</InitialReportIndicator></ActivityAssociation>`);
    // Transmitter (35) and its contact (37): the institution files its own batch.
    parts.push(party('35', [], [orgName(institution.name), address(institution), `<PhoneNumber SeqNum="${next()}">${el('PhoneNumberText', institution.phone, 16)}</PhoneNumber>`, `<PartyIdentification SeqNum="${next()}">${el('PartyIdentificationNumberText', institution.tin, 25)}${el('PartyIdentificationTypeCode', '4')}</PartyIdentification>`, `<PartyIdentification SeqNum="${next()}">${el('PartyIdentificationNumberText', institution.transmitterControlCode, 25)}${el('PartyIdentificationTypeCode', '28')}</PartyIdentification>`]));
    parts.push(party('37', [], [orgName(institution.contactName)]));
    // Reporting financial institution (30) and the branch where the cash changed hands (34).
    parts.push(party('30', [el('PrimaryRegulatorTypeCode', institution.regulatorCode)], [orgName(institution.name), address(institution), ein(), depository()]));
    parts.push(party('34', [el('PrimaryRegulatorTypeCode', institution.regulatorCode)], [orgName(institution.name), address(institution.branch), ein(), depository()]));
    // The customer: conducting the transactions on their own behalf (50), and so also the person on whose behalf they were conducted (23).
    const d = line.details;
    const name = splitName(line.customer);
    const personName = () =>
      `<PartyName SeqNum="${next()}">${name.first ? '' : '<FirstNameUnknownIndicator>Y</FirstNameUnknownIndicator>'}${el('PartyNameTypeCode', 'L')}${el('RawEntityIndividualLastName', name.last)}${name.first ? el('RawIndividualFirstName', name.first, 35) : ''}</PartyName>`;
    const personAddress = () =>
      d ? address(d) : `<Address SeqNum="${next()}"><CityUnknownIndicator>Y</CityUnknownIndicator><CountryCodeUnknownIndicator>Y</CountryCodeUnknownIndicator><StateCodeUnknownIndicator>Y</StateCodeUnknownIndicator><StreetAddressUnknownIndicator>Y</StreetAddressUnknownIndicator><ZIPCodeUnknownIndicator>Y</ZIPCodeUnknownIndicator></Address>`;
    const personId = () =>
      d?.idType && d.idNumber
        ? `<PartyIdentification SeqNum="${next()}">${d.idIssuer && d.idType !== 'SSN' && d.idType !== 'TIN' ? (d.idIssuer.length === 2 && d.idType !== 'DRIVERS_LICENSE' ? el('OtherIssuerCountryText', d.idIssuer, 2) : el('OtherIssuerStateText', d.idIssuer, 3)) : ''}${d.idType === 'OTHER' ? el('OtherPartyIdentificationTypeText', 'Other', 50) : ''}${el('PartyIdentificationNumberText', d.idNumber, 25)}${el('PartyIdentificationTypeCode', ID_TYPE_CODES[d.idType] ?? '999')}</PartyIdentification>`
        : `<PartyIdentification SeqNum="${next()}"><IdentificationPresentUnknownIndicator>Y</IdentificationPresentUnknownIndicator><TINUnknownIndicator>Y</TINUnknownIndicator></PartyIdentification>`;
    const birth = d?.dateOfBirth ? el('IndividualBirthDateText', compactDate(d.dateOfBirth)) : '<BirthDateUnknownIndicator>Y</BirthDateUnknownIndicator>';
    const accounts = line.accounts.flatMap((a) => [
      ...(a.cashIn > 0n ? [`<Account SeqNum="${next()}">${el('AccountNumberText', a.number, 40)}<PartyAccountAssociation SeqNum="${next()}">${el('PartyAccountAssociationTypeCode', '8')}</PartyAccountAssociation></Account>`] : []),
      ...(a.cashOut > 0n ? [`<Account SeqNum="${next()}">${el('AccountNumberText', a.number, 40)}<PartyAccountAssociation SeqNum="${next()}">${el('PartyAccountAssociationTypeCode', '9')}</PartyAccountAssociation></Account>`] : []),
    ]);
    const amounts = [...(cashIn > 0n ? [el('IndividualEntityCashInAmountText', cashIn.toString(), 15)] : []), ...(cashOut > 0n ? [el('IndividualEntityCashOutAmountText', cashOut.toString(), 15)] : [])];
    parts.push(party('50', [birth, ...amounts, '<UnknownGenderIndicator>Y</UnknownGenderIndicator>'], [personName(), personAddress(), personId(), ...accounts]));
    parts.push(party('23', [birth, '<UnknownGenderIndicator>Y</UnknownGenderIndicator>'], [personName(), personAddress(), personId()]));
    // Several transactions make the totals: FinCEN's "aggregated transactions" box.
    const aggregated = line.transactions.length > 1 ? 'Y' : '';
    const detail = (code: string, amount: bigint) =>
      `<CurrencyTransactionActivityDetail SeqNum="${next()}">${el('CurrencyTransactionActivityDetailTypeCode', code)}${el('DetailTransactionAmountText', amount.toString(), 15)}<OtherCurrencyTransactionActivityDetailText></OtherCurrencyTransactionActivityDetailText><OtherForeignCurrencyCountryText></OtherForeignCurrencyCountryText></CurrencyTransactionActivityDetail>`;
    parts.push(
      `<CurrencyTransactionActivity SeqNum="${next()}"><AggregateTransactionIndicator>${aggregated}</AggregateTransactionIndicator><ArmoredCarServiceIndicator></ArmoredCarServiceIndicator><ATMIndicator></ATMIndicator><MailDepositShipmentIndicator></MailDepositShipmentIndicator><NightDepositIndicator></NightDepositIndicator><SharedBranchingIndicator></SharedBranchingIndicator>${el('TotalCashInReceiveAmountText', cashIn.toString(), 15)}${el('TotalCashOutAmountText', cashOut.toString(), 15)}${el('TransactionDateText', compactDate(line.businessDay))}${cashIn > 0n ? detail('55', cashIn) : ''}${cashOut > 0n ? detail('56', cashOut) : ''}</CurrencyTransactionActivity>`,
    );
    parts.push('</Activity>');
    out.push(parts.join('\n'));
  }
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<EFilingBatchXML xmlns="www.fincen.gov/base" TotalAmount="${totalAmount}" PartyCount="${partyCount}" ActivityCount="${usd.length}">`,
    '<FormTypeCode>CTRX</FormTypeCode>',
    ...out,
    '</EFilingBatchXML>',
    '',
  ].join('\n');
  return { xml, activityCount: usd.length, partyCount, totalAmount, skipped };
}
