/**
 * The receipt of one counter transaction, printable: branch, teller (and approver), account, amount, balance after,
 * time and reference. It is read back from the event each time, so a reprint says what the ledger recorded.
 */

import type { ReceiptDto, ReceiptKind } from '@fidelis/shared/receipts/api.js';
import { useQuery } from '../api/ApiProvider.js';
import { ErrorNotice, Loading } from '../components/States.js';
import { displayMoney, displayTime } from '../format.js';
import { sourceLabel } from '../labels.js';
import { hrefOf } from '../routing.js';

const KIND_TITLE: Readonly<Record<ReceiptKind, string>> = {
  opening: 'Account opened',
  deposit: 'Deposit',
  withdrawal: 'Withdrawal',
  'deposit-reversal': 'Deposit reversed',
  'withdrawal-reversal': 'Withdrawal reversed',
};

export function ReceiptScreen({ accountId, version }: { accountId: string; version: number }) {
  const receipt = useQuery('receipts.get', { accountId, version });
  return (
    <section className="screen" aria-labelledby="receipt-title">
      <p className="no-print">
        <a href={hrefOf({ screen: 'account', accountId })}>← Back to the account</a>
      </p>
      {receipt.status === 'error' ? (
        <>
          <h1 id="receipt-title">Receipt</h1>
          <ErrorNotice error={receipt.error} onRetry={receipt.reload} />
        </>
      ) : !receipt.data ? (
        <>
          <h1 id="receipt-title">Receipt</h1>
          <Loading what="the receipt" />
        </>
      ) : (
        <Receipt receipt={receipt.data} />
      )}
    </section>
  );
}

function Receipt({ receipt: r }: { receipt: ReceiptDto }) {
  const line = (term: string, value: string, testId?: string) => (
    <div>
      <dt>{term}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
  return (
    <article className="card receipt" aria-labelledby="receipt-title">
      <h1 id="receipt-title">
        {KIND_TITLE[r.kind]} <span className="muted">· receipt</span>
      </h1>
      <dl className="receipt__lines">
        {r.bankName ? line('Bank', r.bankName) : null}
        {line('Branch', `${r.branchName ? `${r.branchName} (${r.branchId})` : r.branchId} · workstation ${r.workstation}`)}
        {line('Time', displayTime(r.occurredAt))}
        {line('Account', `${r.accountNumber} · ${r.holder}`, 'receipt-account')}
        {line('Amount', displayMoney(r.amount, r.currency), 'receipt-amount')}
        {r.sourceType ? line('Source', sourceLabel(r.sourceType)) : null}
        {line('Balance after', displayMoney(r.balanceAfter, r.currency), 'receipt-balance')}
        {line('Reference', r.reference ?? '—')}
        {r.reason ? line('Reason', r.reason) : null}
        {line('Teller', `${r.teller.displayName} (${r.teller.username})`, 'receipt-teller')}
        {r.approver ? line('Approved by', `${r.approver.displayName} (${r.approver.username})`) : null}
        {line('Transaction', `${r.eventId} · version ${r.version}`)}
      </dl>
      <p className="no-print">
        <button type="button" className="button--primary" onClick={() => window.print()}>
          Print receipt
        </button>
      </p>
    </article>
  );
}
