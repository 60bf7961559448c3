/** Transfers: start one between two accounts, and follow every transfer's status and failure reason live. */

import { useState } from 'react';
import { useApi, useLive, useQuery } from '../api/ApiProvider.js';
import { FormError, FormField } from '../components/FormField.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { useApproval } from '../components/useApproval.js';
import { newCommandId, useCommand } from '../components/useCommand.js';
import { useCan } from '../session/session.js';
import { displayMoney, displayTime } from '../format.js';

type Field = 'fromAccountId' | 'toAccountId' | 'amount';
const FIELD_OF: Record<string, Field> = { fromAccountId: 'fromAccountId', toAccountId: 'toAccountId', amount: 'amount', balance: 'amount' };

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

/** The transfer form; on an account's screen the source account is fixed to that account. */
export function TransferForm({ fromAccountId }: { fromAccountId?: string }) {
  const api = useApi();
  const [from, setFrom] = useState(fromAccountId ?? '');
  const [to, setTo] = useState('');
  const [amount, setAmount] = useState('');
  const command = useCommand(FIELD_OF);
  const approval = useApproval();
  const [started, setStarted] = useState<string | undefined>();
  const clear = () => (setFrom(fromAccountId ?? ''), setTo(''), setAmount(''), command.reset());
  return (
    <form
      className="card form"
      aria-label="New transfer"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        setStarted(undefined);
        const input = { fromAccountId: from, toAccountId: to, amount: amount.trim(), commandId: newCommandId() };
        let approver: string | undefined;
        const accepted = await command.run(() =>
          // Over the dual-control amount a supervisor approves on this screen; the resend keeps the same commandId.
          approval.send(`Transfer of ${input.amount} from ${from} to ${to}`, (given) => {
            approver = given?.username;
            return api.call('transfers.start', given ? { ...input, approval: given } : input);
          }),
        );
        if (accepted) {
          setStarted(`Transfer of ${input.amount} started.${approver ? ` Approved by ${approver}.` : ''}`);
          clear();
        }
      }}
      onKeyDown={(event) => event.key === 'Escape' && clear()}
    >
      <h2>New transfer</h2>
      <div className="form__row">
        {fromAccountId === undefined ? (
          <FormField label="From account id" error={command.fieldErrors.fromAccountId}>
            {(props) => <input {...props} type="text" value={from} onChange={(event) => setFrom(event.target.value)} />}
          </FormField>
        ) : null}
        <FormField label="To account id" error={command.fieldErrors.toAccountId}>
          {(props) => <input {...props} type="text" value={to} onChange={(event) => setTo(event.target.value)} />}
        </FormField>
        <FormField label="Amount (in the accounts' currency)" error={command.fieldErrors.amount}>
          {(props) => <input {...props} type="text" inputMode="decimal" value={amount} onChange={(event) => setAmount(event.target.value)} />}
        </FormField>
      </div>
      <FormError message={command.formError} />
      <button type="submit" className="button--primary" disabled={command.busy}>
        Start transfer
      </button>
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
              <th scope="col" className="num">Amount</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {transfers.data.items.map((t) => (
              <tr key={t.transferId}>
                <td>{displayTime(t.startedAt)}</td>
                <td>{t.fromAccountId}</td>
                <td>{t.toAccountId}</td>
                <td className="num">{displayMoney(t.amount, t.currency)}</td>
                <td>
                  <span className={`badge badge--${t.status.toLowerCase()}`}>{t.status}</span>
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
