/**
 * The teller's till on this workstation, on their screen: position by currency and the day so far; open and close
 * by a denomination count that adds up as they type (a difference needs a reason, and over the branch's sign-off
 * amount a supervisor signs it off on the spot); cash back to the vault, confirmed by the vault holder's password.
 */

import { useState } from 'react';
import type { TillViewDto } from '@fidelis/shared/tills/api.js';
import { formatMoney } from '@fidelis/shared/money/display.js';
import { signOffMinor } from '@fidelis/shared/tills/counting.js';
import { useApi, useLive, useQuery } from '../api/ApiProvider.js';
import { displayMoney, minorOf } from '../format.js';
import { AmountInput } from './AmountInput.js';
import { CurrencySelect } from './CurrencySelect.js';
import { countOf, DenominationCount, typedTotal, type TypedCount } from './DenominationCount.js';
import { FormDialog } from './FormDialog.js';
import { FormField } from './FormField.js';
import { ErrorNotice, Loading } from './States.js';
import { newCommandId, useCommand } from './useCommand.js';

type Mode = { readonly kind: 'open' | 'close'; readonly currency: string } | { readonly kind: 'return'; readonly currency: string };

export function TillPanel() {
  const mine = useQuery('till.mine', {});
  useLive('readModel', { name: 'TillBook' }, mine.reload);
  const [mode, setMode] = useState<Mode | undefined>();
  const [done, setDone] = useState<string | undefined>();

  if (!mine.data) return mine.status === 'error' ? <ErrorNotice error={mine.error} onRetry={mine.reload} /> : <Loading what="your till" />;
  const { tills, businessDay, currencies, signOffAmount } = mine.data;
  const openCurrencies = new Set(tills.filter((t) => t.status === 'OPEN').map((t) => t.currency));
  const closed = currencies.filter((c) => !openCurrencies.has(c));
  const finished = (what: string) => {
    setMode(undefined);
    setDone(what);
    mine.reload();
  };

  return (
    <section className="card till-panel" aria-labelledby="till-title">
      <h2 id="till-title">Your till</h2>
      <p className="muted">
        Business day {businessDay} · workstation {mine.data.workstation}
      </p>
      {tills.length === 0 ? <p>No till opened on this workstation yet: open one by counting its cash.</p> : null}
      {tills.map((till) => (
        <TillSummary key={till.tillId} till={till} onClose={() => setMode({ kind: 'close', currency: till.currency })} onReturn={() => setMode({ kind: 'return', currency: till.currency })} />
      ))}
      <OpenTillButton currencies={closed} onOpen={(currency) => setMode({ kind: 'open', currency })} />
      {done ? (
        <p role="status" className="notice">
          {done}
        </p>
      ) : null}
      {mode && mode.kind !== 'return' ? (
        <CountDialog
          kind={mode.kind}
          currency={mode.currency}
          till={tills.find((t) => t.currency === mode.currency)}
          signOffAmount={signOffAmount}
          onDone={finished}
          onCancel={() => setMode(undefined)}
        />
      ) : null}
      {mode?.kind === 'return' ? <ReturnCashDialog currency={mode.currency} onDone={finished} onCancel={() => setMode(undefined)} /> : null}
    </section>
  );
}

function TillSummary({ till, onClose, onReturn }: { till: TillViewDto; onClose: () => void; onReturn: () => void }) {
  const money = (decimal: string) => displayMoney(decimal, till.currency);
  return (
    <div className="till-panel__till" data-testid={`till-${till.currency}`}>
      <p>
        <span className={`badge badge--${till.status === 'OPEN' ? 'active' : 'closed'}`}>{till.status === 'OPEN' ? 'Open' : 'Closed'}</span>{' '}
        <strong data-testid="till-position">{money(till.position)}</strong> in the {till.currency} till
        {till.status === 'CLOSED' && till.difference !== null ? ` · closed ${minorOf(till.difference, till.currency) === 0n ? 'exact' : `${till.difference.startsWith('-') ? 'short' : 'over'} by ${money(till.difference.replace('-', ''))}`}` : ''}
      </p>
      <dl className="till-panel__figures">
        <dt>Opened with</dt>
        <dd>{money(till.opening)}</dd>
        <dt>Cash in</dt>
        <dd>{money(till.customerIn)}</dd>
        <dt>Cash out</dt>
        <dd>{money(till.customerOut)}</dd>
        <dt>From the vault</dt>
        <dd>{money(till.fromVault)}</dd>
        <dt>To the vault</dt>
        <dd>{money(till.toVault)}</dd>
      </dl>
      {till.status === 'OPEN' ? (
        <div className="form__actions">
          <button type="button" onClick={onClose}>
            Close {till.currency} till
          </button>
          <button type="button" onClick={onReturn}>
            Return cash to the vault
          </button>
        </div>
      ) : null}
    </div>
  );
}

function OpenTillButton({ currencies, onOpen }: { currencies: readonly string[]; onOpen: (currency: string) => void }) {
  const [currency, setCurrency] = useState('USD');
  if (currencies.length === 0) return null;
  const chosen = currencies.includes(currency) ? currency : currencies[0]!;
  return (
    <div className="form__row form__row--end">
      <CurrencySelect value={chosen} onChange={setCurrency} currencies={currencies} />
      <button type="button" className="button--primary" onClick={() => onOpen(chosen)}>
        Open till
      </button>
    </div>
  );
}

type CountField = 'count' | 'reason' | 'approval';
const COUNT_FIELDS: Readonly<Record<string, CountField>> = { count: 'count', reason: 'reason', approval: 'approval', 'approval.username': 'approval', 'approval.password': 'approval' };

/** Open or close: count, compare with the books, give a reason for a difference and a supervisor's sign-off over the amount. */
function CountDialog({ kind, currency, till, signOffAmount, onDone, onCancel }: { kind: 'open' | 'close'; currency: string; till: TillViewDto | undefined; signOffAmount: string; onDone: (what: string) => void; onCancel: () => void }) {
  const api = useApi();
  const command = useCommand<CountField>(COUNT_FIELDS);
  const [typed, setTyped] = useState<TypedCount>({});
  const [reason, setReason] = useState('');
  const [supervisor, setSupervisor] = useState('');
  const [password, setPassword] = useState('');
  const [commandId] = useState(newCommandId);
  // Opening compares with what the till's book holds since its last closing; closing, with its position now.
  const expected = till ? minorOf(till.position, currency) : 0n;
  const difference = typedTotal(currency, typed) - expected;
  const needsSignOff = (difference < 0n ? -difference : difference) > signOffMinor(signOffAmount, currency);
  const verb = kind === 'open' ? 'Open' : 'Close';

  const submit = async () => {
    const parsed = countOf(typed);
    if ('invalid' in parsed) {
      command.setFieldError('count', `Count whole pieces of ${parsed.invalid}.`);
      return;
    }
    const input = {
      currency,
      count: parsed.count,
      commandId,
      ...(difference !== 0n && reason.trim() ? { reason: reason.trim() } : {}),
      ...(needsSignOff && supervisor.trim() ? { approval: { username: supervisor.trim(), password } } : {}),
    };
    const accepted = await command.run(() => api.call(kind === 'open' ? 'till.open' : 'till.close', input));
    if (accepted) onDone(`${currency} till ${kind === 'open' ? 'opened' : 'closed'} with ${formatMoney(typedTotal(currency, typed), currency)} counted.`);
  };

  return (
    <FormDialog
      title={`${verb} your ${currency} till`}
      description={<p>Count the cash note by note. {kind === 'open' ? 'The count is compared with the till’s last closing.' : 'The count is compared with everything booked to the till today.'}</p>}
      submitLabel={`${verb} till`}
      onSubmit={() => void submit()}
      onCancel={onCancel}
      busy={command.busy}
      error={command.formError}
    >
      <DenominationCount
        currency={currency}
        typed={typed}
        onChange={(next) => (setTyped(next), command.edited('count'))}
        expected={expected}
        expectedLabel={kind === 'open' ? 'last closing' : 'position'}
        error={command.fieldErrors.count}
      />
      {difference !== 0n ? (
        <FormField label="Reason for the difference" error={command.fieldErrors.reason}>
          {(props) => <input {...props} value={reason} maxLength={280} required onChange={(event) => (setReason(event.target.value), command.edited('reason'))} />}
        </FormField>
      ) : null}
      {needsSignOff ? (
        <fieldset className="form__row">
          <legend>Over {displayMoney(signOffAmount, currency)}: a supervisor signs the difference off</legend>
          <FormField label="Supervisor's username" error={command.fieldErrors.approval}>
            {(props) => <input {...props} value={supervisor} autoComplete="off" onChange={(event) => (setSupervisor(event.target.value), command.edited('approval'))} />}
          </FormField>
          <FormField label="Supervisor's password">
            {(props) => <input {...props} type="password" value={password} autoComplete="off" onChange={(event) => (setPassword(event.target.value), command.edited('approval'))} />}
          </FormField>
        </fieldset>
      ) : null}
    </FormDialog>
  );
}

type ReturnField = 'amount' | 'approval';
const RETURN_FIELDS: Readonly<Record<string, ReturnField>> = { amount: 'amount', approval: 'approval', 'approval.username': 'approval', 'approval.password': 'approval' };

/** Cash from the till to the vault: the teller gives, the vault holder (a supervisor) confirms receiving it. */
function ReturnCashDialog({ currency, onDone, onCancel }: { currency: string; onDone: (what: string) => void; onCancel: () => void }) {
  const api = useApi();
  const command = useCommand<ReturnField>(RETURN_FIELDS);
  const [amount, setAmount] = useState('');
  const [holder, setHolder] = useState('');
  const [password, setPassword] = useState('');
  const [commandId] = useState(newCommandId);
  const submit = async () => {
    const accepted = await command.run(() => api.call('till.returnCash', { currency, amount: amount.trim(), commandId, ...(holder.trim() ? { approval: { username: holder.trim(), password } } : {}) }));
    if (accepted) onDone(`${displayMoney(amount.trim(), currency)} returned to the vault.`);
  };
  return (
    <FormDialog
      title={`Return ${currency} cash to the vault`}
      description={<p>The vault holder counts the cash and confirms receiving it with their own password.</p>}
      submitLabel="Return cash"
      onSubmit={() => void submit()}
      onCancel={onCancel}
      busy={command.busy}
      error={command.formError}
    >
      <AmountInput label="Amount" currency={currency} value={amount} onChange={(value) => (setAmount(value), command.edited('amount'))} error={command.fieldErrors.amount} />
      <FormField label="Vault holder's username" error={command.fieldErrors.approval}>
        {(props) => <input {...props} value={holder} autoComplete="off" onChange={(event) => (setHolder(event.target.value), command.edited('approval'))} />}
      </FormField>
      <FormField label="Vault holder's password">
        {(props) => <input {...props} type="password" value={password} autoComplete="off" onChange={(event) => (setPassword(event.target.value), command.edited('approval'))} />}
      </FormField>
    </FormDialog>
  );
}
