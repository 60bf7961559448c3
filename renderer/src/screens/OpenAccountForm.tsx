/** Opens an account: number, holder, currency, opening deposit; Enter opens it, Esc clears; the new account is shown. */

import { useState } from 'react';
import { CURRENCY_CODES } from '@fidelis/shared/money/currency.js';
import { useApi } from '../api/ApiProvider.js';
import { AmountInput, amountProblem } from '../components/AmountInput.js';
import { FormError, FormField } from '../components/FormField.js';
import { newCommandId, useCommand } from '../components/useCommand.js';

type Field = 'number' | 'holder' | 'currency' | 'openingDeposit';
const FIELD_OF: Record<string, Field> = { number: 'number', holder: 'holder', currency: 'currency', openingDeposit: 'openingDeposit', accountId: 'number' };

export function OpenAccountForm({ onOpened }: { onOpened: (accountId: string) => void }) {
  const api = useApi();
  const [number, setNumber] = useState('');
  const [holder, setHolder] = useState('');
  const [currency, setCurrency] = useState<(typeof CURRENCY_CODES)[number]>('USD');
  const [openingDeposit, setOpeningDeposit] = useState('');
  const command = useCommand(FIELD_OF);

  const clear = () => {
    setNumber('');
    setHolder('');
    setOpeningDeposit('');
    command.reset();
  };

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
        let accountId = '';
        const accepted = await command.run(async () => {
          ({ accountId } = await api.call('account.open', { number, holder, currency, openingDeposit: deposit, commandId: newCommandId() }));
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
      <div className="form__row">
        <FormField label="Account number" error={command.fieldErrors.number}>
          {(props) => <input {...props} type="text" maxLength={20} autoComplete="off" value={number} onChange={(event) => setNumber(event.target.value)} />}
        </FormField>
        <FormField label="Holder" error={command.fieldErrors.holder}>
          {(props) => <input {...props} type="text" maxLength={100} autoComplete="off" value={holder} onChange={(event) => setHolder(event.target.value)} />}
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
