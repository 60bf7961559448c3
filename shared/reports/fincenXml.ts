/**
 * The CTR as a FinCEN BSA E-Filing batch (FinCEN Report 112, schema EFL_CTRXBatchSchema v1.2), following FinCEN's
 * CTR XML user guide: per activity (one CTR: one customer, one business day) the transmitter (35) and its contact (37),
 * the reporting institution (30) with its contact office (8), the branch where the cash changed hands (34), and the
 * customer in Part I (50, conducting on their own behalf) with name, address, date of birth, TIN, identification and
 * the accounts the cash went through. Amounts are whole dollars rounded up; foreign currency goes in at its USD
 * equivalent (53 in, 54 out, with the currency's country). Every value is cleaned of what XML or FinCEN cannot take,
 * and each cleaning is listed for the manifest.
 */

import { create } from 'xmlbuilder2';
import type { CustomerEntry } from './accountDirectory.js';
import type { CtrLine } from './ctr.js';
import { wholeDollarsOf } from './ctr.js';
import type { FilingInstitution, InstitutionAddress } from './institution.js';
import { xmlSafe, type XmlCleaning } from './safeText.js';

const FINCEN_NAMESPACE = 'www.fincen.gov/base';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

export interface FincenBatch {
  readonly xml: string;
  readonly activityCount: number;
  readonly partyCount: number;
  /** Whole dollars: every detail amount of every activity, cash in and out, foreign included. */
  readonly totalAmount: bigint;
  /** Values that lost characters XML or FinCEN cannot carry, and which. */
  readonly cleanings: readonly XmlCleaning[];
}

/** FinCEN's TIN type codes (Part I item 16) and identification codes (item 14). */
const TIN_TYPE_CODES: Readonly<Record<string, string>> = { SSN: '1', ITIN: '1', EIN: '2', FOREIGN: '9' };
const ID_TYPE_CODES: Readonly<Record<string, string>> = { DRIVERS_LICENSE: '5', STATE_ID: '5', PASSPORT: '6', ALIEN_REGISTRATION: '7', OTHER: '999' };
const ID_TYPE_NAMES: Readonly<Record<string, string>> = { OTHER: 'Other identification' };

const compactDate = (isoDay: string): string => isoDay.replace(/-/g, '');

/** A currency's country for FinCEN's foreign-currency detail: ISO 4217 codes start with the ISO 3166 country (EUR: EU). */
const countryOfCurrency = (currency: string): string => currency.slice(0, 2);

/** "Ada King Lovelace" → first Ada, middle King, last Lovelace; one word is a last name. */
function splitName(full: string): { first: string; middle: string; last: string } {
  const words = full.split(' ').filter(Boolean);
  const last = words.pop() ?? '';
  const first = words.shift() ?? '';
  return { first, middle: words.join(' '), last };
}

type Element = ReturnType<typeof create>;

export function buildFincenCtrBatch(lines: readonly CtrLine[], institution: FilingInstitution, filingDay: string): FincenBatch {
  let seq = 0;
  const next = () => String(++seq);
  let partyCount = 0;
  let totalAmount = 0n;
  const cleanings: XmlCleaning[] = [];

  /**
   * FinCEN refuses leading/trailing spaces, line breaks and tabs in any value and limits each field's length (in
   * characters, so a cut never splits a surrogate pair); XML cannot carry some characters at all.
   */
  const clean = (value: string, max: number, where: string): string => {
    const safe = xmlSafe(value);
    if (safe.removed.length > 0) cleanings.push({ where, removed: safe.removed });
    return Array.from(safe.text.replace(/\s+/g, ' ').trim()).slice(0, max).join('').trim();
  };

  const root = create().ele(FINCEN_NAMESPACE, 'EFilingBatchXML');
  /** Children of the batch and of an activity start a line of their own, so a batch reads and diffs line by line. */
  const newLine = (parent: Element): Element => parent.txt('\n');
  // xmlbuilder2 leaves an & that already starts an entity (`&amp;`) as it is: escaping every & first keeps what was typed.
  const el = (parent: Element, name: string, value: string, max: number, where: string): Element => parent.ele(name).txt(clean(value, max, where).replace(/&/g, '&amp;')).up();
  const code = (parent: Element, name: string, value: string): Element => parent.ele(name).txt(value).up();
  const numbered = (parent: Element, name: string): Element => parent.ele(name, { SeqNum: next() });
  const flag = (parent: Element, name: string): Element => code(parent, name, 'Y');

  const party = (activity: Element, typeCode: string, build: (p: Element) => void) => {
    partyCount += 1;
    const element = numbered(newLine(activity), 'Party');
    code(element, 'ActivityPartyTypeCode', typeCode);
    build(element);
  };
  const orgName = (p: Element, name: string, where: string) => {
    const element = numbered(p, 'PartyName');
    code(element, 'PartyNameTypeCode', 'L');
    el(element, 'RawPartyFullName', name, 150, where);
  };
  const address = (p: Element, a: InstitutionAddress, where: string) => {
    const element = numbered(p, 'Address');
    el(element, 'RawCityText', a.city, 50, where);
    el(element, 'RawCountryCodeText', a.country, 2, where);
    el(element, 'RawStateCodeText', a.state, 3, where);
    el(element, 'RawStreetAddress1Text', a.street, 100, where);
    el(element, 'RawZIPCode', a.zip, 9, where);
  };
  const identification = (p: Element, number: string, typeCode: string, where: string) => {
    const element = numbered(p, 'PartyIdentification');
    el(element, 'PartyIdentificationNumberText', number, 25, where);
    code(element, 'PartyIdentificationTypeCode', typeCode);
  };
  const phone = (p: Element, number: string, where: string) => el(numbered(p, 'PhoneNumber'), 'PhoneNumberText', number, 16, where);
  const depositoryInstitution = (p: Element) => code(numbered(p, 'OrganizationClassificationTypeSubtype'), 'OrganizationTypeID', '2');

  const customerParty = (activity: Element, line: CtrLine, cashIn: bigint, cashOut: bigint) => {
    const c: CustomerEntry = line.customer;
    const where = (what: string) => `${what} of customer ${c.customerId} (CTR of ${line.businessDay})`;
    const organisation = c.kind === 'ORGANISATION';
    party(activity, '50', (p) => {
      if (!organisation && !c.dateOfBirth) flag(p, 'BirthDateUnknownIndicator');
      if (!organisation && c.dateOfBirth) code(p, 'IndividualBirthDateText', compactDate(c.dateOfBirth));
      if (cashIn > 0n) code(p, 'IndividualEntityCashInAmountText', cashIn.toString());
      if (cashOut > 0n) code(p, 'IndividualEntityCashOutAmountText', cashOut.toString());
      if (organisation) flag(p, 'PartyAsEntityOrganizationIndicator');
      else flag(p, 'UnknownGenderIndicator');

      const name = numbered(p, 'PartyName');
      if (organisation) {
        code(name, 'PartyNameTypeCode', 'L');
        el(name, 'RawEntityIndividualLastName', c.legalName, 150, where('Legal name'));
      } else {
        const { first, middle, last } = splitName(clean(c.legalName, 150, where('Name')));
        if (!first) flag(name, 'FirstNameUnknownIndicator');
        code(name, 'PartyNameTypeCode', 'L');
        el(name, 'RawEntityIndividualLastName', last, 150, where('Last name'));
        if (first) el(name, 'RawIndividualFirstName', first, 35, where('First name'));
        if (middle) el(name, 'RawIndividualMiddleName', middle, 35, where('Middle name'));
      }

      const a = numbered(p, 'Address');
      if (c.address) {
        const street = c.address.line2 ? `${c.address.line1} ${c.address.line2}` : c.address.line1;
        el(a, 'RawCityText', c.address.city, 50, where('City'));
        el(a, 'RawCountryCodeText', c.address.country, 2, where('Country'));
        if (c.address.state) el(a, 'RawStateCodeText', c.address.state, 3, where('State'));
        el(a, 'RawStreetAddress1Text', street, 100, where('Street address'));
        if (c.address.postalCode) el(a, 'RawZIPCode', c.address.postalCode, 9, where('ZIP code'));
        if (!c.address.state) flag(a, 'StateCodeUnknownIndicator');
        if (!c.address.postalCode) flag(a, 'ZIPCodeUnknownIndicator');
      } else {
        for (const unknown of ['CityUnknownIndicator', 'CountryCodeUnknownIndicator', 'StateCodeUnknownIndicator', 'StreetAddressUnknownIndicator', 'ZIPCodeUnknownIndicator']) flag(a, unknown);
      }

      // Item 15/16: the TIN and its type.
      const tin = numbered(p, 'PartyIdentification');
      if (c.tin && c.tinType) {
        el(tin, 'PartyIdentificationNumberText', c.tin, 25, where('TIN'));
        code(tin, 'PartyIdentificationTypeCode', TIN_TYPE_CODES[c.tinType] ?? '9');
      } else {
        flag(tin, 'TINUnknownIndicator');
      }
      // Item 14: the document the person was identified by (an organisation has none).
      if (!organisation) {
        const id = numbered(p, 'PartyIdentification');
        const doc = c.identification;
        if (doc) {
          const byState = doc.type === 'DRIVERS_LICENSE' || doc.type === 'STATE_ID';
          if (byState) {
            el(id, 'OtherIssuerCountryText', 'US', 2, where('Identification issuer'));
            el(id, 'OtherIssuerStateText', doc.issuer, 3, where('Identification issuer'));
          } else if (doc.issuer.length === 2) el(id, 'OtherIssuerCountryText', doc.issuer, 2, where('Identification issuer'));
          else el(id, 'OtherIssuerStateText', doc.issuer, 3, where('Identification issuer'));
          if (ID_TYPE_NAMES[doc.type]) el(id, 'OtherPartyIdentificationTypeText', ID_TYPE_NAMES[doc.type]!, 50, where('Identification type'));
          el(id, 'PartyIdentificationNumberText', doc.number, 25, where('Identification number'));
          code(id, 'PartyIdentificationTypeCode', ID_TYPE_CODES[doc.type] ?? '999');
        } else {
          flag(id, 'IdentificationPresentUnknownIndicator');
        }
      }
      if (c.occupation) el(numbered(p, 'PartyOccupationBusiness'), 'OccupationBusinessText', c.occupation, 50, where('Occupation'));
      // Item 21: the accounts the cash went in (8) or out (9) of.
      for (const account of line.accounts) {
        for (const [side, association] of [[account.cashIn, '8'], [account.cashOut, '9']] as const) {
          if (wholeDollarsOf(side) === 0n) continue;
          const element = numbered(p, 'Account');
          el(element, 'AccountNumberText', account.number, 40, where('Account number'));
          code(numbered(element, 'PartyAccountAssociation'), 'PartyAccountAssociationTypeCode', association);
        }
      }
    });
  };

  code(newLine(root), 'FormTypeCode', 'CTRX');
  for (const line of lines) {
    // Details in whole dollars: USD deposits (55) and withdrawals (56), foreign currency in (53) and out (54) by currency.
    const details: Array<{ code: string; amount: bigint; country: string }> = [];
    for (const part of line.parts) {
      const foreign = part.currency !== 'USD';
      const inDollars = wholeDollarsOf(part.cashInUsd);
      const outDollars = wholeDollarsOf(part.cashOutUsd);
      if (inDollars > 0n) details.push({ code: foreign ? '53' : '55', amount: inDollars, country: foreign ? countryOfCurrency(part.currency) : '' });
      if (outDollars > 0n) details.push({ code: foreign ? '54' : '56', amount: outDollars, country: foreign ? countryOfCurrency(part.currency) : '' });
    }
    const cashIn = details.filter((d) => d.code === '55' || d.code === '53').reduce((sum, d) => sum + d.amount, 0n);
    const cashOut = details.filter((d) => d.code === '56' || d.code === '54').reduce((sum, d) => sum + d.amount, 0n);
    totalAmount += cashIn + cashOut;

    const activity = numbered(newLine(root), 'Activity');
    code(newLine(activity), 'FilingDateText', compactDate(filingDay));
    const association = numbered(newLine(activity), 'ActivityAssociation');
    association.ele('CorrectsAmendsPriorReportIndicator').up().ele('FinCENDirectBackFileIndicator');
    flag(association, 'InitialReportIndicator');

    party(activity, '35', (p) => {
      orgName(p, institution.name, 'Transmitter name');
      address(p, institution.address, 'Transmitter address');
      phone(p, institution.phone, 'Transmitter phone');
      identification(p, institution.ein, '4', 'Transmitter TIN');
      identification(p, institution.transmitterControlCode, '28', 'Transmitter control code');
    });
    party(activity, '37', (p) => orgName(p, institution.contactName, 'Transmitter contact'));
    party(activity, '30', (p) => {
      code(p, 'PrimaryRegulatorTypeCode', institution.regulatorCode);
      orgName(p, institution.name, 'Institution name');
      address(p, institution.address, 'Institution address');
      identification(p, institution.ein, '2', 'Institution EIN');
      identification(p, institution.rssd, '14', 'Institution RSSD');
      depositoryInstitution(p);
    });
    party(activity, '8', (p) => {
      orgName(p, institution.contactName, 'Contact office');
      phone(p, institution.phone, 'Contact office phone');
    });
    party(activity, '34', (p) => {
      code(p, 'PrimaryRegulatorTypeCode', institution.regulatorCode);
      orgName(p, institution.branch.name, 'Branch name');
      address(p, institution.branch.address, 'Branch address');
      identification(p, institution.ein, '2', 'Branch EIN');
      identification(p, institution.branch.rssd, '14', 'Branch RSSD');
      depositoryInstitution(p);
    });
    customerParty(activity, line, cashIn, cashOut);

    const totals = numbered(newLine(activity), 'CurrencyTransactionActivity');
    // Several transactions make the totals: FinCEN's "aggregated transactions" box.
    code(totals, 'AggregateTransactionIndicator', line.transactions.length > 1 ? 'Y' : '');
    for (const unused of ['ArmoredCarServiceIndicator', 'ATMIndicator', 'MailDepositShipmentIndicator', 'NightDepositIndicator', 'SharedBranchingIndicator']) totals.ele(unused);
    code(totals, 'TotalCashInReceiveAmountText', cashIn.toString());
    code(totals, 'TotalCashOutAmountText', cashOut.toString());
    code(totals, 'TransactionDateText', compactDate(line.businessDay));
    for (const detail of details) {
      const element = numbered(totals, 'CurrencyTransactionActivityDetail');
      code(element, 'CurrencyTransactionActivityDetailTypeCode', detail.code);
      code(element, 'DetailTransactionAmountText', detail.amount.toString());
      element.ele('OtherCurrencyTransactionActivityDetailText');
      code(element, 'OtherForeignCurrencyCountryText', detail.country);
    }
    activity.txt('\n');
  }
  root.txt('\n').att({ TotalAmount: totalAmount.toString(), PartyCount: String(partyCount), ActivityCount: String(lines.length) });
  // Empty indicators are written <X></X>, as FinCEN's samples do; the declaration gets a line of its own.
  const xml = `${XML_DECLARATION}\n${root.end({ headless: true, allowEmptyTags: true, wellFormed: true })}\n`;
  return { xml, activityCount: lines.length, partyCount, totalAmount, cleanings };
}
