/**
 * The vault (supervisors): what each currency's vault and each till of the branch holds; cash from and to the cash
 * centre with its shipment reference; cash to a teller's till at their counter, confirmed by the teller's password;
 * and the vault's count by denomination, a difference over the sign-off amount signed off by another supervisor.
 */

import { useState, type FormEvent } from 'react';
import { signOffMinor } from '@fidelis/shared/tills/counting.js';
import type { TillViewDto, VaultViewDto } from '@fidelis/shared/tills/api.js';
import { useApi, useLive, useQuery } from '../api/ApiProvider.js';
import { AmountInput } from '../components/AmountInput.js';
import { CurrencySelect } from '../components/CurrencySelect.js';
import { countOf, DenominationCount, typedTotal, type TypedCount } from '../components/DenominationCount.js';
import { FormField } from '../components/FormField.js';
import { FormFooter } from '../components/FormFooter.js';
import { Empty, ErrorNotice, Loading } from '../components/States.js';
import { useRecordingForm } from '../components/useCommand.js';
import { displayMoney, minorOf } from '../format.js';

export function VaultScreen() {
  const day = useQuery('branchDay.status', {});
  const mine = useQuery('till.mine', {});
  useLive('readModel', { name: 'TillBook' }, day.reload);
  return (
    <section className="screen" aria-labelledby="vault-title">
      <h1 id="vault-title">Vault</h1>
      {day.status === 'error' ? <ErrorNotice error={day.error} onRetry={day.reload} /> : null}
      {!day.data ? (
        day.status === 'loading' ? <Loading what="the vault" /> : null
      ) : (
        <>
          <p className="muted">Business day {day.data.businessDay} at branch {day.data.branchId}</p>
          <VaultTable vaults={day.data.vaults} />
          <TillTable tills={day.data.tills} />
          <div className="form__row">
            <ShipmentForm direction="receive" onDone={day.reload} />
            <ShipmentForm direction="ship" onDone={day.reload} />
          </div>
          <IssueCashForm onDone={day.reload} />
          <CountVaultForm vaults={day.data.vaults} signOffAmount={mine.data?.signOffAmount} onDone={day.reload} />
        </>
      )}
    </section>
  );
}

function VaultTable({ vaults }: { vaults: readonly VaultViewDto[] }) {
  return (
    <div className="card">
      <h2>Vault positions</h2>
      {vaults.length === 0 ? (
        <Empty>The vault holds no cash yet: record what the cash centre delivers.</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Currency</th>
              <th scope="col" className="num">
                Position
              </th>
              <th scope="col">Last count</th>
              <th scope="col" className="num">
                Difference
              </th>
            </tr>
          </thead>
          <tbody>
            {vaults.map((v) => (
              <tr key={v.vaultId}>
                <td>{v.currency}</td>
                <td className="num" data-testid={`vault-${v.currency}`}>
                  {displayMoney(v.position, v.currency)}
                </td>
                <td>{v.countedDay ? `${v.countedDay}${v.movedSinceCount ? ' (cash moved since)' : ''}` : 'never'}</td>
                <td className="num">{v.lastDifference === null ? '—' : minorOf(v.lastDifference, v.currency) === 0n ? 'exact' : displayMoney(v.lastDifference, v.currency, { signed: true })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function TillTable({ tills }: { tills: readonly TillViewDto[] }) {
  return (
    <div className="card">
      <h2>Tills</h2>
      {tills.length === 0 ? (
        <Empty>No till has been opened in this branch.</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Teller</th>
              <th scope="col">Workstation</th>
              <th scope="col">Day</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Position
              </th>
              <th scope="col" className="num">
                Difference
              </th>
            </tr>
          </thead>
          <tbody>
            {tills.map((t) => (
              <tr key={t.tillId}>
                <td>{t.teller}</td>
                <td>{t.workstation}</td>
                <td>{t.businessDay}</td>
                <td>
                  <span className={`badge badge--${t.status === 'OPEN' ? 'pending' : 'closed'}`}>{t.status === 'OPEN' ? 'Open' : 'Closed'}</span>
                </td>
                <td className="num">{displayMoney(t.position, t.currency)}</td>
                <td className="num">{t.difference === null ? '—' : minorOf(t.difference, t.currency) === 0n ? 'exact' : displayMoney(t.difference, t.currency, { signed: true })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

type ShipmentField = 'amount' | 'reference';
const SHIPMENT_FIELDS: Readonly<Record<string, ShipmentField>> = { amount: 'amount', reference: 'reference' };

function ShipmentForm({ direction, onDone }: { direction: 'receive' | 'ship'; onDone: () => void }) {
  const api = useApi();
  const command = useRecordingForm<ShipmentField>(SHIPMENT_FIELDS);
  const [currency, setCurrency] = useState('USD');
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = { currency, amount: amount.trim(), reference: reference.trim() };
    const accepted = await command.record(
      (commandId) => api.call(direction === 'receive' ? 'vault.receiveShipment' : 'vault.shipCash', { ...input, commandId }),
      () => `${displayMoney(input.amount, currency)} ${direction === 'receive' ? 'received from' : 'shipped to'} the cash centre (${input.reference}).`,
    );
    if (!accepted) return;
    setAmount('');
    setReference('');
    onDone();
  };
  const title = direction === 'receive' ? 'Cash from the cash centre' : 'Cash to the cash centre';
  return (
    <form className="card form" onSubmit={(event) => void submit(event)} aria-label={title} noValidate>
      <h2>{title}</h2>
      <CurrencySelect value={currency} onChange={(c) => (setCurrency(c), command.edited())} />
      <AmountInput label="Amount" currency={currency} value={amount} onChange={(value) => (setAmount(value), command.edited('amount'))} error={command.fieldErrors.amount} />
      <FormField label="Shipment reference" error={command.fieldErrors.reference}>
        {(props) => <input {...props} value={reference} maxLength={140} onChange={(event) => (setReference(event.target.value), command.edited('reference'))} />}
      </FormField>
      <FormFooter command={command} label={direction === 'receive' ? 'Record receipt' : 'Record shipment'} done={command.done} />
    </form>
  );
}

type IssueField = 'teller' | 'amount' | 'approval';
const ISSUE_FIELDS: Readonly<Record<string, IssueField>> = { teller: 'teller', amount: 'amount', approval: 'approval', 'approval.password': 'approval' };

/** Cash handed to a teller at their counter (this workstation): the teller confirms receiving it with their password. */
function IssueCashForm({ onDone }: { onDone: () => void }) {
  const api = useApi();
  const command = useRecordingForm<IssueField>(ISSUE_FIELDS);
  const [currency, setCurrency] = useState('USD');
  const [teller, setTeller] = useState('');
  const [amount, setAmount] = useState('');
  const [password, setPassword] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const who = teller.trim();
    const given = amount.trim();
    const accepted = await command.record(
      (commandId) => api.call('vault.issueCash', { teller: who, currency, amount: given, commandId, ...(password ? { approval: { username: who, password } } : {}) }),
      () => `${displayMoney(given, currency)} given to ${who}'s till.`,
    );
    if (!accepted) return;
    setAmount('');
    setPassword('');
    onDone();
  };
  return (
    <form className="card form" onSubmit={(event) => void submit(event)} aria-label="Cash to a teller's till" noValidate>
      <h2>Cash to a teller&apos;s till</h2>
      <p className="muted">At the teller&apos;s counter: their till on this workstation must be open.</p>
      <div className="form__row">
        <FormField label="Teller's username" error={command.fieldErrors.teller}>
          {(props) => <input {...props} value={teller} autoComplete="off" onChange={(event) => (setTeller(event.target.value), command.edited('teller'))} />}
        </FormField>
        <CurrencySelect value={currency} onChange={(c) => (setCurrency(c), command.edited())} />
        <AmountInput label="Amount" currency={currency} value={amount} onChange={(value) => (setAmount(value), command.edited('amount'))} error={command.fieldErrors.amount} />
      </div>
      <FormField label="The teller's password (they confirm receiving it)" error={command.fieldErrors.approval}>
        {(props) => <input {...props} type="password" value={password} autoComplete="off" onChange={(event) => (setPassword(event.target.value), command.edited('approval'))} />}
      </FormField>
      <FormFooter command={command} label="Give cash" done={command.done} />
    </form>
  );
}

type CountField = 'count' | 'reason' | 'approval';
const COUNT_FIELDS: Readonly<Record<string, CountField>> = { count: 'count', reason: 'reason', approval: 'approval', 'approval.username': 'approval', 'approval.password': 'approval' };

function CountVaultForm({ vaults, signOffAmount, onDone }: { vaults: readonly VaultViewDto[]; signOffAmount: string | undefined; onDone: () => void }) {
  const api = useApi();
  const command = useRecordingForm<CountField>(COUNT_FIELDS);
  const [currency, setCurrency] = useState('USD');
  const [typed, setTyped] = useState<TypedCount>({});
  const [reason, setReason] = useState('');
  const [supervisor, setSupervisor] = useState('');
  const [password, setPassword] = useState('');
  const vault = vaults.find((v) => v.currency === currency);
  const expected = vault ? minorOf(vault.position, currency) : 0n;
  const difference = typedTotal(currency, typed) - expected;
  const needsSignOff = signOffAmount !== undefined && (difference < 0n ? -difference : difference) > signOffMinor(signOffAmount, currency);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = countOf(typed);
    if ('invalid' in parsed) return command.setFieldError('count', `Count whole pieces of ${parsed.invalid}.`);
    const input = {
      currency,
      count: parsed.count,
      ...(difference !== 0n && reason.trim() ? { reason: reason.trim() } : {}),
      ...(needsSignOff && supervisor.trim() ? { approval: { username: supervisor.trim(), password } } : {}),
    };
    const accepted = await command.record((commandId) => api.call('vault.count', { ...input, commandId }), () => `The ${currency} vault was counted.`);
    if (!accepted) return;
    // The count stays on screen: against the new position it now agrees.
    setReason('');
    setPassword('');
    onDone();
  };
  return (
    <form className="card form" onSubmit={(event) => void submit(event)} aria-label="Count the vault" noValidate>
      <h2>Count the vault</h2>
      <CurrencySelect value={currency} onChange={(c) => (setCurrency(c), setTyped({}), command.edited())} />
      <DenominationCount currency={currency} typed={typed} onChange={(next) => (setTyped(next), command.edited('count'))} expected={expected} expectedLabel="vault position" error={command.fieldErrors.count} />
      {difference !== 0n ? (
        <FormField label="Reason for the difference" error={command.fieldErrors.reason}>
          {(props) => <input {...props} value={reason} maxLength={280} onChange={(event) => (setReason(event.target.value), command.edited('reason'))} />}
        </FormField>
      ) : null}
      {needsSignOff ? (
        <fieldset className="form__row">
          <legend>Over the sign-off amount: another supervisor signs the difference off</legend>
          <FormField label="Supervisor's username" error={command.fieldErrors.approval}>
            {(props) => <input {...props} value={supervisor} autoComplete="off" onChange={(event) => (setSupervisor(event.target.value), command.edited('approval'))} />}
          </FormField>
          <FormField label="Supervisor's password">
            {(props) => <input {...props} type="password" value={password} autoComplete="off" onChange={(event) => (setPassword(event.target.value), command.edited('approval'))} />}
          </FormField>
        </fieldset>
      ) : null}
      <FormFooter command={command} label="Record count" done={command.done} />
    </form>
  );
}
