/**
 * Opens an account for its customers: a new one (the holder's name, and the details reports need when the teller has
 * them) or customers found by name or TIN (joint owners, the primary first); number, currency, opening deposit and its
 * source. Enter opens it, Esc clears; the new account is shown.
 */

import { useState } from 'react';
import { DEPOSIT_SOURCE_TYPES } from '@fidelis/shared/accounts/events.js';
import type { CustomerViewDto } from '@fidelis/shared/customers/api.js';
import { IDENTIFICATION_TYPES, TIN_TYPES } from '@fidelis/shared/customers/events.js';
import type { MethodInput } from '@fidelis/shared/api/contract.js';
import { CURRENCY_CODES } from '@fidelis/shared/money/currency.js';
import { useApi, useQuery } from '../api/ApiProvider.js';
import { AmountInput, amountProblem } from '../components/AmountInput.js';
import { FormError, FormField } from '../components/FormField.js';
import { newCommandId, useCommand } from '../components/useCommand.js';
import { humanCode, sourceLabel } from '../labels.js';

type Field =
  | 'number'
  | 'holder'
  | 'owners'
  | 'currency'
  | 'openingDeposit'
  | 'openingDepositSource'
  | 'line1'
  | 'city'
  | 'state'
  | 'postalCode'
  | 'country'
  | 'dateOfBirth'
  | 'idType'
  | 'idNumber'
  | 'idIssuer'
  | 'tin'
  | 'tinType';

/** Main's field names (the opening's, and a new customer's, nested ones joined by dots) onto the form's inputs. */
const FIELD_OF: Record<string, Field> = {
  number: 'number',
  accountId: 'number',
  holder: 'holder',
  legalName: 'holder',
  owners: 'owners',
  currency: 'currency',
  openingDeposit: 'openingDeposit',
  openingDepositSource: 'openingDepositSource',
  'address.line1': 'line1',
  'address.city': 'city',
  'address.state': 'state',
  'address.postalCode': 'postalCode',
  'address.country': 'country',
  dateOfBirth: 'dateOfBirth',
  'identification.type': 'idType',
  'identification.number': 'idNumber',
  'identification.issuer': 'idIssuer',
  tin: 'tin',
  tinType: 'tinType',
};

type Source = (typeof DEPOSIT_SOURCE_TYPES)[number];
/** Sources a teller picks at the counter; PayFlow postings arrive from PayFlow, never typed. */
const COUNTER_SOURCES = DEPOSIT_SOURCE_TYPES.filter((type) => type !== 'payflow');
const MAX_OWNERS = 4;

/** What a new customer's details inputs hold, as typed. */
interface NewCustomer {
  kind: 'PERSON' | 'ORGANISATION';
  line1: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
  dateOfBirth: string;
  idType: string;
  idNumber: string;
  idIssuer: string;
  tin: string;
  tinType: string;
}

const NO_DETAILS: NewCustomer = { kind: 'PERSON', line1: '', city: '', state: '', postalCode: '', country: 'US', dateOfBirth: '', idType: '', idNumber: '', idIssuer: '', tin: '', tinType: '' };

type CustomerDetailsInput = Omit<MethodInput<'customers.register'>, 'legalName' | 'commandId'>;

/** The details typed, as the customers.register input has them; undefined when none but the defaults were touched. */
function detailsOf(typed: NewCustomer): CustomerDetailsInput | undefined {
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const address = [typed.line1, typed.city, typed.state, typed.postalCode].some((v) => v.trim() !== '')
    ? { line1: typed.line1, city: typed.city, country: typed.country, ...(text(typed.state) ? { state: text(typed.state) } : {}), ...(text(typed.postalCode) ? { postalCode: text(typed.postalCode) } : {}) }
    : undefined;
  const identification = [typed.idType, typed.idNumber, typed.idIssuer].some((v) => v.trim() !== '') ? { type: typed.idType, number: typed.idNumber, issuer: typed.idIssuer } : undefined;
  const details = {
    ...(address ? { address } : {}),
    ...(identification ? { identification } : {}),
    ...(text(typed.dateOfBirth) ? { dateOfBirth: text(typed.dateOfBirth) } : {}),
    ...(text(typed.tin) !== undefined ? { tin: typed.tin.trim() } : {}),
    ...(text(typed.tinType) !== undefined ? { tinType: typed.tinType } : {}),
  };
  return Object.keys(details).length === 0 && typed.kind === 'PERSON' ? undefined : { kind: typed.kind, ...details };
}

const customerLine = (customer: CustomerViewDto): string =>
  [customer.legalName, customer.tinType ? `${customer.tinType} ${customer.tinMasked ?? ''}` : undefined, customer.address?.city, customer.dateOfBirth].filter(Boolean).join(' · ');

export function OpenAccountForm({ onOpened }: { onOpened: (accountId: string) => void }) {
  const api = useApi();
  const [mode, setMode] = useState<'new' | 'existing'>('new');
  const [number, setNumber] = useState('');
  const [holder, setHolder] = useState('');
  const [details, setDetails] = useState<NewCustomer>(NO_DETAILS);
  const [search, setSearch] = useState('');
  const [owners, setOwners] = useState<CustomerViewDto[]>([]);
  const [currency, setCurrency] = useState<(typeof CURRENCY_CODES)[number]>('USD');
  const [openingDeposit, setOpeningDeposit] = useState('');
  const [openingDepositSource, setOpeningDepositSource] = useState<Source>('cash');
  const command = useCommand(FIELD_OF);
  const found = useQuery('customers.search', mode === 'existing' && search.trim().length >= 2 ? { search: search.trim(), limit: 8 } : null);
  const detail = (key: keyof NewCustomer) => (value: string) => {
    setDetails((typed) => ({ ...typed, [key]: value }));
    if (key === 'kind') command.edited();
    else command.edited(key);
  };

  const clear = () => {
    setNumber('');
    setHolder('');
    setDetails(NO_DETAILS);
    setSearch('');
    setOwners([]);
    setOpeningDeposit('');
    setOpeningDepositSource('cash');
    command.reset();
  };

  /** The owners the opening names: those picked, or the new customer registered first when details were given. */
  async function ownersForOpening(): Promise<{ owners: string[] } | { holder: string }> {
    if (mode === 'existing') return { owners: owners.map((o) => o.customerId) };
    const given = detailsOf(details);
    // A name alone is enough to open: the customer is then known from the account until their details are recorded.
    if (given === undefined) return { holder };
    const { customerId } = await api.call('customers.register', { ...given, legalName: holder, commandId: newCommandId() });
    return { owners: [customerId] };
  }

  return (
    <form
      className="card form"
      aria-label="Open an account"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const deposit = openingDeposit.trim() === '' ? '0' : openingDeposit.trim();
        const problem = amountProblem(deposit, currency, true);
        if (problem) {
          command.setFieldError('openingDeposit', problem);
          return;
        }
        if (mode === 'existing' && owners.length === 0) {
          command.setFieldError('owners', 'Find the customer and add them as an owner.');
          return;
        }
        let accountId = '';
        const accepted = await command.run(async () => {
          const owning = await ownersForOpening();
          ({ accountId } = await api.call('account.open', { number, ...owning, currency, openingDeposit: deposit, openingDepositSource, commandId: newCommandId() }));
        });
        if (accepted) {
          clear();
          onOpened(accountId);
        }
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') clear();
      }}
    >
      <h2>Open an account</h2>
      <fieldset>
        <legend>Customer</legend>
        <div className="form__row" role="radiogroup" aria-label="Customer">
          <label>
            <input type="radio" name="customer-mode" checked={mode === 'new'} onChange={() => (setMode('new'), command.edited())} /> New customer
          </label>
          <label>
            <input type="radio" name="customer-mode" checked={mode === 'existing'} onChange={() => (setMode('existing'), command.edited())} /> Existing customer
          </label>
        </div>
        {mode === 'new' ? (
          <>
            <div className="form__row">
              <FormField label="Holder" error={command.fieldErrors.holder}>
                {(props) => <input {...props} type="text" maxLength={150} autoComplete="off" value={holder} onChange={(event) => (setHolder(event.target.value), command.edited('holder'))} />}
              </FormField>
              <FormField label="Kind">
                {(props) => (
                  <select {...props} value={details.kind} onChange={(event) => detail('kind')(event.target.value)}>
                    <option value="PERSON">Person</option>
                    <option value="ORGANISATION">Organisation</option>
                  </select>
                )}
              </FormField>
            </div>
            <details>
              <summary>Address, date of birth, identification and TIN (for regulatory reports)</summary>
              <div className="form__row">
                <FormField label="Street address" error={command.fieldErrors.line1}>
                  {(props) => <input {...props} type="text" maxLength={100} value={details.line1} onChange={(event) => detail('line1')(event.target.value)} />}
                </FormField>
                <FormField label="City" error={command.fieldErrors.city}>
                  {(props) => <input {...props} type="text" maxLength={50} value={details.city} onChange={(event) => detail('city')(event.target.value)} />}
                </FormField>
                <FormField label="State" error={command.fieldErrors.state}>
                  {(props) => <input {...props} type="text" maxLength={3} value={details.state} onChange={(event) => detail('state')(event.target.value)} />}
                </FormField>
                <FormField label="Postal code" error={command.fieldErrors.postalCode}>
                  {(props) => <input {...props} type="text" maxLength={9} value={details.postalCode} onChange={(event) => detail('postalCode')(event.target.value)} />}
                </FormField>
                <FormField label="Country" error={command.fieldErrors.country}>
                  {(props) => <input {...props} type="text" maxLength={2} value={details.country} onChange={(event) => detail('country')(event.target.value)} />}
                </FormField>
              </div>
              <div className="form__row">
                <FormField label={details.kind === 'PERSON' ? 'Date of birth' : 'Date of incorporation'} error={command.fieldErrors.dateOfBirth}>
                  {(props) => <input {...props} type="date" value={details.dateOfBirth} onChange={(event) => detail('dateOfBirth')(event.target.value)} />}
                </FormField>
                <FormField label="Identification" error={command.fieldErrors.idType}>
                  {(props) => (
                    <select {...props} value={details.idType} onChange={(event) => detail('idType')(event.target.value)}>
                      <option value="">None</option>
                      {IDENTIFICATION_TYPES.map((type) => (
                        <option key={type} value={type}>
                          {humanCode(type)}
                        </option>
                      ))}
                    </select>
                  )}
                </FormField>
                <FormField label="Document number" error={command.fieldErrors.idNumber}>
                  {(props) => <input {...props} type="text" maxLength={25} value={details.idNumber} onChange={(event) => detail('idNumber')(event.target.value)} />}
                </FormField>
                <FormField label="Issued by" hint="A state (licence) or a country (passport)" error={command.fieldErrors.idIssuer}>
                  {(props) => <input {...props} type="text" maxLength={3} value={details.idIssuer} onChange={(event) => detail('idIssuer')(event.target.value)} />}
                </FormField>
              </div>
              <div className="form__row">
                <FormField label="TIN" error={command.fieldErrors.tin}>
                  {(props) => <input {...props} type="text" maxLength={25} autoComplete="off" value={details.tin} onChange={(event) => detail('tin')(event.target.value)} />}
                </FormField>
                <FormField label="TIN type" error={command.fieldErrors.tinType}>
                  {(props) => (
                    <select {...props} value={details.tinType} onChange={(event) => detail('tinType')(event.target.value)}>
                      <option value="">None</option>
                      {TIN_TYPES.map((type) => (
                        <option key={type} value={type}>
                          {type}
                        </option>
                      ))}
                    </select>
                  )}
                </FormField>
              </div>
            </details>
          </>
        ) : (
          <>
            <FormField label="Find customer" hint="A name, or a whole TIN" error={command.fieldErrors.owners}>
              {(props) => <input {...props} type="search" autoComplete="off" value={search} onChange={(event) => (setSearch(event.target.value), command.edited('owners'))} />}
            </FormField>
            {found.data && search.trim().length >= 2 ? (
              <ul aria-label="Customers found">
                {found.data.items.length === 0 ? <li>No customer found.</li> : null}
                {found.data.items.map((customer) => (
                  <li key={customer.customerId}>
                    {customerLine(customer)}{' '}
                    <button
                      type="button"
                      disabled={owners.length >= MAX_OWNERS || owners.some((o) => o.customerId === customer.customerId)}
                      onClick={() => (setOwners((picked) => [...picked, customer]), command.edited('owners'))}
                    >
                      Add as owner
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
            <ol aria-label="Owners">
              {owners.map((owner, i) => (
                <li key={owner.customerId}>
                  {owner.legalName}
                  {i === 0 ? ' (primary)' : ''}{' '}
                  <button type="button" aria-label={`Remove ${owner.legalName}`} onClick={() => setOwners((picked) => picked.filter((o) => o.customerId !== owner.customerId))}>
                    Remove
                  </button>
                </li>
              ))}
            </ol>
          </>
        )}
      </fieldset>
      <div className="form__row">
        <FormField label="Account number" error={command.fieldErrors.number}>
          {(props) => <input {...props} type="text" maxLength={20} autoComplete="off" value={number} onChange={(event) => (setNumber(event.target.value), command.edited('number'))} />}
        </FormField>
        <FormField label="Currency" error={command.fieldErrors.currency}>
          {(props) => (
            <select {...props} value={currency} onChange={(event) => setCurrency(event.target.value as (typeof CURRENCY_CODES)[number])}>
              {CURRENCY_CODES.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <AmountInput label="Opening deposit" currency={currency} value={openingDeposit} onChange={setOpeningDeposit} allowZero error={command.fieldErrors.openingDeposit} />
        <FormField label="Paid in by" error={command.fieldErrors.openingDepositSource}>
          {(props) => (
            <select {...props} value={openingDepositSource} onChange={(event) => setOpeningDepositSource(event.target.value as Source)}>
              {COUNTER_SOURCES.map((type) => (
                <option key={type} value={type}>
                  {sourceLabel(type)}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>
      <FormError message={command.formError} />
      <div className="form__actions">
        <button type="submit" className="button--primary" disabled={command.busy}>
          {command.busy ? 'Opening…' : 'Open account'}
        </button>
      </div>
    </form>
  );
}
