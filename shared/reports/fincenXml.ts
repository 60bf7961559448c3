/**
 * The CTR as a FinCEN BSA E-Filing batch (FinCEN Report 112, schema EFL_CTRXBatchSchema v1.2): one Activity per
 * CTR line (customer and business day), USD only, amounts in whole dollars rounded up, batch totals that add up.
 */

import { create } from 'xmlbuilder2';
import type { CtrLine } from './ctr.js';

const FINCEN_NAMESPACE = 'www.fincen.gov/base';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

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

/**
 * FinCEN refuses leading/trailing spaces, line breaks and tabs in any value, and each field has a maximum length (in
 * characters, so a cut never splits a surrogate pair). Characters XML 1.0 cannot carry are dropped.
 */
const clean = (value: string, max: number): string =>
  Array.from(value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '').replace(/\s+/g, ' ').trim())
    .slice(0, max)
    .join('')
    .trim();

/** Cents to whole dollars, rounded up: a CTR never under-reports. */
export const wholeDollars = (minor: bigint): bigint => (minor + 99n) / 100n;

const compactDate = (isoDay: string): string => isoDay.replace(/-/g, '');

/** "Ada King Lovelace" → first "Ada King", last "Lovelace"; one word is a last name. */
function splitName(full: string): { first: string; last: string } {
  const words = clean(full, 185).split(' ');
  const last = words.pop() ?? '';
  return { first: words.join(' '), last };
}

type Element = ReturnType<typeof create>;

/** Where a holder lives, or the party address of the institution or its branch. */
interface PostalAddress {
  readonly street: string;
  readonly city: string;
  readonly state?: string | undefined;
  readonly zip?: string | undefined;
  readonly country: string;
}

export function buildFincenCtrBatch(lines: readonly CtrLine[], institution: FincenInstitution, filingDay: string): FincenBatch {
  // SeqNums are unique in the batch. They are handed out in the order earlier releases used (a party after its
  // children, a customer's accounts before their name), so the batch of a day already filed comes out the same.
  let seq = 0;
  const next = () => String(++seq);
  let partyCount = 0;
  let totalAmount = 0n;
  const usd = lines.filter((l) => l.currency === 'USD');
  const skipped = lines.filter((l) => l.currency !== 'USD');

  const root = create().ele(FINCEN_NAMESPACE, 'EFilingBatchXML');
  /** Children of the batch and of an activity start a line of their own, so a batch reads and diffs line by line. */
  const newLine = (parent: Element): Element => parent.txt('\n');
  // xmlbuilder2 leaves an & that already starts an entity (`&amp;`) as it is: escaping every & first keeps what was typed.
  const el = (parent: Element, name: string, value: string, max = 150): Element => parent.ele(name).txt(clean(value, max).replace(/&/g, '&amp;')).up();
  const numbered = (parent: Element, name: string): Element => parent.ele(name, { SeqNum: next() });
  const flag = (parent: Element, name: string, value = 'Y'): Element => parent.ele(name).txt(value).up();

  const party = (parent: Element, code: string, fields: (p: Element) => void, children: (p: Element) => void) => {
    partyCount += 1;
    const element = newLine(parent).ele('Party');
    el(element, 'ActivityPartyTypeCode', code);
    fields(element);
    children(element);
    element.att('SeqNum', next());
  };
  const orgName = (parent: Element, name: string) => {
    const element = numbered(parent, 'PartyName');
    el(element, 'PartyNameTypeCode', 'L');
    el(element, 'RawPartyFullName', name);
  };
  const address = (parent: Element, a: PostalAddress) => {
    const element = numbered(parent, 'Address');
    el(element, 'RawCityText', a.city, 50);
    el(element, 'RawCountryCodeText', a.country, 2);
    if (a.state) el(element, 'RawStateCodeText', a.state, 3);
    el(element, 'RawStreetAddress1Text', a.street, 100);
    if (a.zip) el(element, 'RawZIPCode', a.zip, 9);
    if (!a.state) flag(element, 'StateCodeUnknownIndicator');
    if (!a.zip) flag(element, 'ZIPCodeUnknownIndicator');
  };
  const identification = (parent: Element, number: string, typeCode: string) => {
    const element = numbered(parent, 'PartyIdentification');
    el(element, 'PartyIdentificationNumberText', number, 25);
    el(element, 'PartyIdentificationTypeCode', typeCode);
  };
  const depository = (parent: Element) => el(numbered(parent, 'OrganizationClassificationTypeSubtype'), 'OrganizationTypeID', '2');

  flag(newLine(root), 'FormTypeCode', 'CTRX');
  for (const line of usd) {
    const cashIn = wholeDollars(line.cashIn);
    const cashOut = wholeDollars(line.cashOut);
    totalAmount += cashIn + cashOut;
    const activity = numbered(newLine(root), 'Activity');
    el(newLine(activity), 'FilingDateText', compactDate(filingDay));
    const association = numbered(newLine(activity), 'ActivityAssociation');
    association.ele('CorrectsAmendsPriorReportIndicator').up().ele('FinCENDirectBackFileIndicator');
    flag(association, 'InitialReportIndicator');
    // Transmitter (35) and its contact (37): the institution files its own batch.
    party(activity, '35', () => {}, (p) => {
      orgName(p, institution.name);
      address(p, institution);
      el(numbered(p, 'PhoneNumber'), 'PhoneNumberText', institution.phone, 16);
      identification(p, institution.tin, '4');
      identification(p, institution.transmitterControlCode, '28');
    });
    party(activity, '37', () => {}, (p) => orgName(p, institution.contactName));
    // Reporting financial institution (30) and the branch where the cash changed hands (34).
    for (const [code, where] of [['30', institution], ['34', institution.branch]] as const) {
      party(activity, code, (p) => el(p, 'PrimaryRegulatorTypeCode', institution.regulatorCode), (p) => {
        orgName(p, institution.name);
        address(p, where);
        identification(p, institution.tin, '2');
        depository(p);
      });
    }
    // The customer: conducting the transactions on their own behalf (50), and so also the person on whose behalf they were conducted (23).
    const d = line.details;
    const name = splitName(line.customer);
    const personName = (p: Element) => {
      const element = numbered(p, 'PartyName');
      if (!name.first) flag(element, 'FirstNameUnknownIndicator');
      el(element, 'PartyNameTypeCode', 'L');
      el(element, 'RawEntityIndividualLastName', name.last);
      if (name.first) el(element, 'RawIndividualFirstName', name.first, 35);
    };
    const personAddress = (p: Element) => {
      if (d) return address(p, d);
      const element = numbered(p, 'Address');
      for (const unknown of ['CityUnknownIndicator', 'CountryCodeUnknownIndicator', 'StateCodeUnknownIndicator', 'StreetAddressUnknownIndicator', 'ZIPCodeUnknownIndicator']) flag(element, unknown);
    };
    const personId = (p: Element) => {
      const element = numbered(p, 'PartyIdentification');
      if (!(d?.idType && d.idNumber)) {
        flag(element, 'IdentificationPresentUnknownIndicator');
        flag(element, 'TINUnknownIndicator');
        return;
      }
      if (d.idIssuer && d.idType !== 'SSN' && d.idType !== 'TIN') {
        if (d.idIssuer.length === 2 && d.idType !== 'DRIVERS_LICENSE') el(element, 'OtherIssuerCountryText', d.idIssuer, 2);
        else el(element, 'OtherIssuerStateText', d.idIssuer, 3);
      }
      if (d.idType === 'OTHER') el(element, 'OtherPartyIdentificationTypeText', 'Other', 50);
      el(element, 'PartyIdentificationNumberText', d.idNumber, 25);
      el(element, 'PartyIdentificationTypeCode', ID_TYPE_CODES[d.idType] ?? '999');
    };
    const birth = (p: Element) => (d?.dateOfBirth ? el(p, 'IndividualBirthDateText', compactDate(d.dateOfBirth)) : flag(p, 'BirthDateUnknownIndicator'));
    // An account line (8 cash in, 9 cash out) is numbered before the holder's name, as the batches filed before were.
    const accounts = line.accounts.flatMap((a) =>
      [...(a.cashIn > 0n ? ['8'] : []), ...(a.cashOut > 0n ? ['9'] : [])].map((association) => ({ number: a.number, association, seq: next(), associationSeq: next() })),
    );
    party(
      activity,
      '50',
      (p) => {
        birth(p);
        if (cashIn > 0n) el(p, 'IndividualEntityCashInAmountText', cashIn.toString(), 15);
        if (cashOut > 0n) el(p, 'IndividualEntityCashOutAmountText', cashOut.toString(), 15);
        flag(p, 'UnknownGenderIndicator');
      },
      (p) => {
        personName(p);
        personAddress(p);
        personId(p);
        for (const a of accounts) {
          const element = el(p.ele('Account', { SeqNum: a.seq }), 'AccountNumberText', a.number, 40);
          el(element.ele('PartyAccountAssociation', { SeqNum: a.associationSeq }), 'PartyAccountAssociationTypeCode', a.association);
        }
      },
    );
    party(
      activity,
      '23',
      (p) => {
        birth(p);
        flag(p, 'UnknownGenderIndicator');
      },
      (p) => {
        personName(p);
        personAddress(p);
        personId(p);
      },
    );
    const totals = numbered(newLine(activity), 'CurrencyTransactionActivity');
    // Several transactions make the totals: FinCEN's "aggregated transactions" box.
    flag(totals, 'AggregateTransactionIndicator', line.transactions.length > 1 ? 'Y' : '');
    for (const unused of ['ArmoredCarServiceIndicator', 'ATMIndicator', 'MailDepositShipmentIndicator', 'NightDepositIndicator', 'SharedBranchingIndicator']) totals.ele(unused);
    el(totals, 'TotalCashInReceiveAmountText', cashIn.toString(), 15);
    el(totals, 'TotalCashOutAmountText', cashOut.toString(), 15);
    el(totals, 'TransactionDateText', compactDate(line.businessDay));
    const detail = (code: string, amount: bigint) => {
      const element = numbered(totals, 'CurrencyTransactionActivityDetail');
      el(element, 'CurrencyTransactionActivityDetailTypeCode', code);
      el(element, 'DetailTransactionAmountText', amount.toString(), 15);
      element.ele('OtherCurrencyTransactionActivityDetailText').up().ele('OtherForeignCurrencyCountryText');
    };
    if (cashIn > 0n) detail('55', cashIn);
    if (cashOut > 0n) detail('56', cashOut);
    activity.txt('\n');
  }
  root.txt('\n').att({ TotalAmount: totalAmount.toString(), PartyCount: String(partyCount), ActivityCount: String(usd.length) });
  // Empty indicators are written <X></X>, as FinCEN's samples do; the declaration gets a line of its own.
  const xml = `${XML_DECLARATION}\n${root.end({ headless: true, allowEmptyTags: true, wellFormed: true })}\n`;
  return { xml, activityCount: usd.length, partyCount, totalAmount, skipped };
}
