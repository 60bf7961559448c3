/** Transfers: start one between two accounts named by their numbers, and follow every transfer's status and failure reason live. */

import { useState } from 'react';
import { useApi, useLive, useQuery } from '../api/ApiProvider.js';
import { AmountInput, amountProblem } from '../components/AmountInput.js';
import { FormError, FormField } from '../components/FormField.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { useAccountByNumber, type TypedAccount } from '../components/useAccountByNumber.js';
import { useApproval } from '../components/useApproval.js';
import { newCommandId, useCommand } from '../components/useCommand.js';
import { displayMoney, displayTime } from '../format.js';
import { statusLabel } from '../labels.js';
import { hrefOf } from '../routing.js';
import { useCan } from '../session/session.js';

type Field = 'from' | 'to' | 'amount';
const FIELD_OF: Record<string, Field> = { fromAccountId: 'from', toAccountId: 'to', amount: 'amount', balance: 'amount', currency: 'to' };

export function TransfersScreen() {
  const canPost = useCan('post');
  return (
    <section className="screen" aria-labelledby="transfers-title">
      <h1 id="transfers-title">Transfers</h1>
      {canPost ? <TransferForm /> : null}
      <TransferList />
    </section>
  );
}

/** The account the money leaves, when the form sits on that account's screen. */
export interface FixedSource {
  readonly accountId: string;
  readonly number: string;
  readonly currency: string;
}

/** What a typed number says under its field: the account found, or that there is none. */
const accountHint = (typed: TypedAccount): string | undefined =>
  typed.account ? `${typed.account.holder} · ${typed.account.currency}${typed.account.status === 'CLOSED' ? ' · closed' : ''}` : typed.unknown ? 'No account has this number.' : undefined;

/** The transfer form; on an account's screen the source is that account. */
export function TransferForm({ from }: { from?: FixedSource }) {
  const api = useApi();
  const [fromNumber, setFromNumber] = useState('');
  const [toNumber, setToNumber] = useState('');
  const [amount, setAmount] = useState('');
  const [started, setStarted] = useState<string | undefined>();
  const command = useCommand(FIELD_OF);
  const approval = useApproval();
  const source = useAccountByNumber(from ? '' : fromNumber);
  const target = useAccountByNumber(toNumber);
  const currency = from?.currency ?? source.account?.currency;
  const clear = () => (setFromNumber(''), setToNumber(''), setAmount(''), command.reset());
  const edit = (field: Field) => (setStarted(undefined), command.edited(field));

  return (
    <form
      className="card form"
      aria-label="New transfer"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        setStarted(undefined);
        command.reset();
        const fromTyped = from?.number ?? fromNumber.trim();
        const toTyped = toNumber.trim();
        if (fromTyped === '') return command.setFieldError('from', 'Enter the number of the account the money leaves.');
        if (toTyped === '') return command.setFieldError('to', 'Enter the number of the account the money goes to.');
        const problem = currency ? amountProblem(amount, currency) : amount.trim() === '' ? 'Enter the amount.' : undefined;
        if (problem) return command.setFieldError('amount', problem);
        const typed = amount.trim();
        const shown = currency ? displayMoney(typed, currency) : typed;
        // Numbers found here go as the accounts' ids; anything else goes as typed, and main says what it is not.
        const input = { fromAccountId: from?.accountId ?? source.account?.accountId ?? fromTyped, toAccountId: target.account?.accountId ?? toTyped, amount: typed, commandId: newCommandId() };
        let approver: string | undefined;
        const accepted = await command.run(() =>
          // Over the dual-control amount a supervisor approves on this screen; the resend keeps the same commandId.
          approval.send(`Transfer of ${shown} from ${fromTyped} to ${toTyped}`, (given) => {
            approver = given?.username;
            return api.call('transfers.start', given ? { ...input, approval: given } : input);
          }),
        );
        if (accepted) {
          setStarted(`Transfer of ${shown} from ${fromTyped} to ${toTyped} started.${approver ? ` Approved by ${approver}.` : ''}`);
          clear();
        }
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          clear();
          setStarted(undefined);
        }
      }}
    >
      <h2>{from ? 'Transfer from this account' : 'New transfer'}</h2>
      <div className="form__row">
        {from ? null : (
          <FormField label="From account number" error={command.fieldErrors.from} hint={accountHint(source)}>
            {(props) => <input {...props} type="text" autoComplete="off" spellCheck={false} value={fromNumber} onChange={(event) => (setFromNumber(event.target.value), edit('from'))} />}
          </FormField>
        )}
        <FormField label="To account number" error={command.fieldErrors.to} hint={accountHint(target)}>
          {(props) => <input {...props} type="text" autoComplete="off" spellCheck={false} value={toNumber} onChange={(event) => (setToNumber(event.target.value), edit('to'))} />}
        </FormField>
        {currency ? (
          <AmountInput label="Amount" currency={currency} value={amount} onChange={(value) => (setAmount(value), edit('amount'))} onProblem={() => setStarted(undefined)} error={command.fieldErrors.amount} />
        ) : (
          <FormField label="Amount (in the accounts' currency)" error={command.fieldErrors.amount}>
            {(props) => <input {...props} type="text" inputMode="decimal" autoComplete="off" value={amount} onChange={(event) => (setAmount(event.target.value), edit('amount'))} />}
          </FormField>
        )}
      </div>
      <FormError message={command.formError} />
      <div className="form__actions">
        <button type="submit" className="button--primary" disabled={command.busy}>
          {command.busy ? 'Starting…' : 'Start transfer'}
        </button>
      </div>
      <p className="form__status" role="status" aria-live="polite">
        {started}
      </p>
      {approval.dialog}
    </form>
  );
}

function TransferList() {
  const transfers = useQuery('transfers.list', { offset: 0, limit: 200 });
  useLive('store', { category: 'transfer' }, transfers.reload);
  return (
    <section className="card" aria-labelledby="transfer-list-title">
      <h2 id="transfer-list-title">Transfers</h2>
      {transfers.status === 'error' ? <ErrorNotice error={transfers.error} onRetry={transfers.reload} /> : null}
      {!transfers.data ? (
        <Loading what="transfers" />
      ) : transfers.data.items.length === 0 ? (
        <Empty>No transfers yet.</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {transfers.data.items.map((t) => (
              <tr key={t.transferId}>
                <td>{displayTime(t.startedAt)}</td>
                <td>
                  <a href={hrefOf({ screen: 'account', accountId: t.fromAccountId })}>{t.fromNumber ?? t.fromAccountId}</a>
                </td>
                <td>
                  <a href={hrefOf({ screen: 'account', accountId: t.toAccountId })}>{t.toNumber ?? t.toAccountId}</a>
                </td>
                <td className="num">{displayMoney(t.amount, t.currency)}</td>
                <td>
                  <span className={`badge badge--${t.status.toLowerCase()}`}>{statusLabel(t.status)}</span>
                  {t.failureReason ? <span className="muted"> {t.failureReason}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
