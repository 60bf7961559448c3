/** Send money to an account at another bank through PayFlow: the funds are held here until PayFlow confirms or fails it. */

import { useState } from 'react';
import { useApi, useQuery } from '../api/ApiProvider.js';
import { amountProblem } from '../components/AmountInput.js';
import { FormError, FormField } from '../components/FormField.js';
import { useApproval } from '../components/useApproval.js';
import { newCommandId, useCommand } from '../components/useCommand.js';
import { displayMoney } from '../format.js';
import { statusLabel } from '../labels.js';

type Field = 'accountId' | 'amount' | 'name' | 'accountNumber' | 'bankCode' | 'memo';
const FIELD_OF: Record<string, Field> = {
  accountId: 'accountId',
  amount: 'amount',
  balance: 'amount',
  beneficiary: 'name',
  'beneficiary.name': 'name',
  'beneficiary.accountNumber': 'accountNumber',
  'beneficiary.bankCode': 'bankCode',
  memo: 'memo',
};

export interface PaymentDraft {
  readonly accountId: string;
  readonly amount: string;
  readonly name: string;
  readonly accountNumber: string;
  readonly bankCode: string;
  readonly memo: string;
}

/** What must be fixed before the payment is sent, field by field; the currency is the chosen account's when known. */
export function paymentProblems(draft: PaymentDraft, currency: string | undefined): Partial<Record<Field, string>> {
  const problems: Partial<Record<Field, string>> = {};
  if (draft.accountId.trim() === '') problems.accountId = 'Choose the account the money leaves from.';
  const amount = draft.amount.trim();
  if (amount === '') problems.amount = 'Enter the amount.';
  else if (currency) {
    const problem = amountProblem(amount, currency);
    if (problem) problems.amount = problem;
  } else if (!/^\d+(\.\d+)?$/.test(amount) || /^0+(\.0+)?$/.test(amount)) problems.amount = 'Enter an amount above zero, like 250.00.';
  if (draft.name.trim() === '') problems.name = "Enter the beneficiary's name.";
  if (draft.accountNumber.trim() === '') problems.accountNumber = "Enter the beneficiary's account number.";
  if (draft.bankCode.trim() === '') problems.bankCode = "Enter the beneficiary's bank code.";
  if (draft.memo.trim().length > 140) problems.memo = 'A memo has at most 140 characters.';
  return problems;
}

const EMPTY: PaymentDraft = { accountId: '', amount: '', name: '', accountNumber: '', bankCode: '', memo: '' };

export function PaymentForm() {
  const api = useApi();
  const [draft, setDraft] = useState<PaymentDraft>(EMPTY);
  const [sent, setSent] = useState<string | undefined>();
  const command = useCommand(FIELD_OF);
  const approval = useApproval();
  // The account picker offers the accounts matching what is typed (number or holder, like the Accounts search); an
  // account id (from the list or pasted) is looked up directly.
  const typed = draft.accountId.trim();
  const accounts = useQuery('accounts.list', { search: typed.length <= 100 ? typed : '', offset: 0, limit: 20 });
  const byId = useQuery('account.get', typed === '' || typed.length > 128 ? null : { accountId: typed });
  const listed = accounts.data?.items.find((a) => a.accountId === typed || a.number.toLowerCase() === typed.toLowerCase());
  const found = byId.status === 'ready' ? byId.data.account : undefined;
  const chosen = listed ?? (found && found.accountId === typed ? found : undefined);
  // Any change makes the last outcome (sent, or refused) stale.
  const set = (field: keyof PaymentDraft) => (value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setSent(undefined);
    command.edited(field);
  };
  const clear = () => (setDraft(EMPTY), command.reset());
  const text = (field: Exclude<Field, 'amount'>, label: string, max: number, extra: { hint?: string; list?: string } = {}) => (
    <FormField label={label} error={command.fieldErrors[field]} hint={extra.hint}>
      {(props) => (
        <input {...props} type="text" autoComplete="off" spellCheck={false} maxLength={max} list={extra.list} value={draft[field]} onChange={(event) => set(field)(event.target.value)} />
      )}
    </FormField>
  );

  return (
    <form
      className="card form"
      aria-labelledby="payment-form-title"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        setSent(undefined);
        const problems = paymentProblems(draft, chosen?.currency);
        const first = Object.entries(problems);
        if (first.length > 0) {
          command.reset();
          for (const [field, message] of first) command.setFieldError(field as Field, message);
          return;
        }
        const input = {
          accountId: chosen?.accountId ?? draft.accountId.trim(),
          amount: draft.amount.trim(),
          beneficiary: { name: draft.name.trim(), accountNumber: draft.accountNumber.trim(), bankCode: draft.bankCode.trim() },
          ...(draft.memo.trim() ? { memo: draft.memo.trim() } : {}),
          commandId: newCommandId(),
        };
        let approver: string | undefined;
        let status: string | undefined;
        const shown = chosen ? displayMoney(input.amount, chosen.currency) : input.amount;
        const accepted = await command.run(async () => {
          const result = await approval.send(`Payment of ${shown} to ${input.beneficiary.name}`, (given) => {
            approver = given?.username;
            return api.call('payments.send', given ? { ...input, approval: given } : input);
          });
          status = result.status;
        });
        if (accepted) {
          setSent(`Payment of ${shown} to ${input.beneficiary.name} is ${statusLabel(status ?? '').toLowerCase()}.${approver ? ` Approved by ${approver}.` : ''}`);
          clear();
        }
      }}
      onKeyDown={(event) => event.key === 'Escape' && clear()}
    >
      <h2 id="payment-form-title">Send a payment to another bank</h2>
      <div className="form__row">
        {text('accountId', 'From account', 128, { list: 'payment-accounts', hint: chosen ? `${chosen.number} · ${chosen.holder} · ${chosen.currency}` : 'The account number' })}
        <datalist id="payment-accounts">
          {accounts.data?.items
            .filter((a) => a.status === 'ACTIVE')
            .map((a) => (
              <option key={a.accountId} value={a.accountId}>
                {a.number} · {a.holder} ({a.currency})
              </option>
            ))}
        </datalist>
        <FormField label={`Amount${chosen ? ` (${chosen.currency})` : " (in the account's currency)"}`} error={command.fieldErrors.amount}>
          {(props) => <input {...props} type="text" inputMode="decimal" autoComplete="off" value={draft.amount} onChange={(event) => set('amount')(event.target.value)} />}
        </FormField>
      </div>
      <fieldset className="fieldset">
        <legend>Beneficiary</legend>
        <div className="form__row">
          {text('name', 'Beneficiary name', 140)}
          {text('accountNumber', 'Beneficiary account number', 34)}
          {text('bankCode', 'Bank code', 20)}
        </div>
      </fieldset>
      {text('memo', 'Memo (optional)', 200)}
      <FormError message={command.formError} />
      <button type="submit" className="button--primary" disabled={command.busy}>
        {command.busy ? 'Sending…' : 'Send payment'}
      </button>
      <p className="form__status" role="status" aria-live="polite">
        {sent}
      </p>
      {approval.dialog}
    </form>
  );
}
