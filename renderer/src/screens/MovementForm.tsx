/**
 * Deposit or withdrawal at the counter: amount (in the account's currency), source and reference; Enter posts, Esc
 * clears. The outcome of the last posting goes as soon as the teller types again, and the source goes back to cash.
 */

import { useState } from 'react';
import { DEPOSIT_SOURCE_TYPES } from '@fidelis/shared/accounts/events.js';
import { useApi } from '../api/ApiProvider.js';
import { AmountInput, amountProblem } from '../components/AmountInput.js';
import { FormError, FormField } from '../components/FormField.js';
import { PostedNotice, type Posted } from '../components/PostedNotice.js';
import { useApproval } from '../components/useApproval.js';
import { newCommandId, useCommand } from '../components/useCommand.js';
import { displayMoney } from '../format.js';
import { sourceLabel } from '../labels.js';

type Field = 'amount' | 'sourceType' | 'reference';
const FIELD_OF: Record<string, Field> = { amount: 'amount', balance: 'amount', sourceType: 'sourceType', reference: 'reference' };
type Source = (typeof DEPOSIT_SOURCE_TYPES)[number];
/** Sources a teller picks at the counter; PayFlow postings arrive from PayFlow, never typed. */
const COUNTER_SOURCES = DEPOSIT_SOURCE_TYPES.filter((type) => type !== 'payflow');
/** Every deposit starts as cash: a check is a choice made for one deposit, never carried to the next. */
const DEFAULT_SOURCE: Source = 'cash';

export interface MovementFormProps {
  kind: 'deposit' | 'withdrawal';
  accountId: string;
  currency: string;
  onDone?: () => void;
}

export function MovementForm({ kind, accountId, currency, onDone }: MovementFormProps) {
  const api = useApi();
  const [amount, setAmount] = useState('');
  const [sourceType, setSourceType] = useState<Source>(DEFAULT_SOURCE);
  const [reference, setReference] = useState('');
  const [posted, setPosted] = useState<Posted | undefined>();
  const command = useCommand(FIELD_OF);
  const approval = useApproval();
  const title = kind === 'deposit' ? 'Deposit' : 'Withdrawal';

  const clear = () => {
    setAmount('');
    setSourceType(DEFAULT_SOURCE);
    setReference('');
    command.reset();
  };
  /** Any change makes the last outcome (recorded, or refused) stale. */
  const edit = (field: Field) => {
    setPosted(undefined);
    command.edited(field);
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
        const shown = displayMoney(typed, currency);
        let approver: string | undefined;
        let version: number | undefined;
        const accepted = await command.run(async () => {
          const result =
            kind === 'deposit'
              ? await api.call('account.deposit', { accountId, amount: typed, sourceType, reference: ref, commandId })
              : // Over the dual-control amount main asks for a supervisor; the approved resend keeps the same commandId.
                await approval.send(`Withdrawal of ${shown}`, (given) => {
                  approver = given?.username;
                  return api.call('account.withdraw', { accountId, amount: typed, reference: ref, commandId, ...(given ? { approval: given } : {}) });
                });
          version = result.version;
        });
        if (accepted) {
          setPosted({ text: `${title} of ${shown} recorded.${approver ? ` Approved by ${approver}.` : ''}`, receipt: version === undefined ? undefined : { accountId, version } });
          clear();
          onDone?.();
        }
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          clear();
          setPosted(undefined);
        }
      }}
    >
      <h3>{title}</h3>
      <AmountInput
        label="Amount"
        currency={currency}
        value={amount}
        onChange={(value) => (setAmount(value), edit('amount'))}
        onProblem={() => setPosted(undefined)}
        error={command.fieldErrors.amount}
        name={`${kind}-amount`}
      />
      {kind === 'deposit' ? (
        <FormField label="Source" error={command.fieldErrors.sourceType}>
          {(props) => (
            <select {...props} value={sourceType} onChange={(event) => (setSourceType(event.target.value as Source), edit('sourceType'))}>
              {COUNTER_SOURCES.map((type) => (
                <option key={type} value={type}>
                  {sourceLabel(type)}
                </option>
              ))}
            </select>
          )}
        </FormField>
      ) : null}
      <FormField label="Reference (optional)" error={command.fieldErrors.reference}>
        {(props) => <input {...props} type="text" maxLength={140} value={reference} onChange={(event) => (setReference(event.target.value), edit('reference'))} />}
      </FormField>
      <FormError message={command.formError} />
      <div className="form__actions">
        <button type="submit" className="button--primary" disabled={command.busy}>
          {command.busy ? 'Posting…' : `Post ${title.toLowerCase()}`}
        </button>
      </div>
      <PostedNotice posted={posted} />
      {approval.dialog}
    </form>
  );
}
