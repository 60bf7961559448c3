/** Deposit or withdrawal at the counter: amount (in the account's currency), source and reference; Enter posts, Esc clears. */

import { useState } from 'react';
import { DEPOSIT_SOURCE_TYPES } from '@fidelis/shared/accounts/events.js';
import { useApi } from '../api/ApiProvider.js';
import { AmountInput, amountProblem } from '../components/AmountInput.js';
import { FormError, FormField } from '../components/FormField.js';
import { useApproval } from '../components/useApproval.js';
import { newCommandId, useCommand } from '../components/useCommand.js';

type Field = 'amount' | 'sourceType' | 'reference';
const FIELD_OF: Record<string, Field> = { amount: 'amount', balance: 'amount', sourceType: 'sourceType', reference: 'reference' };

export interface MovementFormProps {
  kind: 'deposit' | 'withdrawal';
  accountId: string;
  currency: string;
  onDone?: () => void;
}

export function MovementForm({ kind, accountId, currency, onDone }: MovementFormProps) {
  const api = useApi();
  const [amount, setAmount] = useState('');
  const [sourceType, setSourceType] = useState<(typeof DEPOSIT_SOURCE_TYPES)[number]>('cash');
  const [reference, setReference] = useState('');
  const [posted, setPosted] = useState<string | undefined>();
  const command = useCommand(FIELD_OF);
  const approval = useApproval();
  const title = kind === 'deposit' ? 'Deposit' : 'Withdrawal';

  const clear = () => {
    setAmount('');
    setReference('');
    command.reset();
  };

  return (
    <form
      className="card form"
      aria-label={title}
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        setPosted(undefined);
        const problem = amountProblem(amount, currency);
        if (problem) {
          command.setFieldError('amount', problem);
          return;
        }
        const ref = reference.trim() === '' ? undefined : reference.trim();
        const commandId = newCommandId();
        const typed = amount.trim();
        let approver: string | undefined;
        const accepted = await command.run(() =>
          kind === 'deposit'
            ? api.call('account.deposit', { accountId, amount: typed, sourceType, reference: ref, commandId })
            : // Over the dual-control amount main asks for a supervisor; the approved resend keeps the same commandId.
              approval.send(`Withdrawal of ${typed} ${currency}`, (given) => {
                approver = given?.username;
                return api.call('account.withdraw', { accountId, amount: typed, reference: ref, commandId, ...(given ? { approval: given } : {}) });
              }),
        );
        if (accepted) {
          setPosted(`${title} of ${typed} ${currency} recorded.${approver ? ` Approved by ${approver}.` : ''}`);
          clear();
          onDone?.();
        }
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') clear();
      }}
    >
      <h3>{title}</h3>
      <AmountInput label="Amount" currency={currency} value={amount} onChange={setAmount} error={command.fieldErrors.amount} name={`${kind}-amount`} />
      {kind === 'deposit' ? (
        <FormField label="Source" error={command.fieldErrors.sourceType}>
          {(props) => (
            <select {...props} value={sourceType} onChange={(event) => setSourceType(event.target.value as (typeof DEPOSIT_SOURCE_TYPES)[number])}>
              {DEPOSIT_SOURCE_TYPES.map((type) => (
                <option key={type} value={type}>
                  {type.replace('_', ' ')}
                </option>
              ))}
            </select>
          )}
        </FormField>
      ) : null}
      <FormField label="Reference (optional)" error={command.fieldErrors.reference}>
        {(props) => <input {...props} type="text" maxLength={140} value={reference} onChange={(event) => setReference(event.target.value)} />}
      </FormField>
      <FormError message={command.formError} />
      <div className="form__actions">
        <button type="submit" className="button--primary" disabled={command.busy}>
          {command.busy ? 'Posting…' : `Post ${title.toLowerCase()}`}
        </button>
      </div>
      <p className="form__status" role="status" aria-live="polite">
        {posted}
      </p>
      {approval.dialog}
    </form>
  );
}
