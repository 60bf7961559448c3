/** A supervisor reverses a posted deposit or withdrawal: a compensating entry naming the original and a required reason. */

import { useState } from 'react';
import type { TimelineRow } from '@fidelis/shared/accounts/api.js';
import { toApiError, useApi } from '../api/ApiProvider.js';
import { FormDialog } from '../components/FormDialog.js';
import { FormField } from '../components/FormField.js';
import { newCommandId } from '../components/useCommand.js';
import { displayEventType, displayMoney, displayTime } from '../format.js';

export const REASON_MAX = 500;

/** The movement as a teller names it: DepositMade → Deposit. */
const movementName = (type: string): string => (type === 'DepositMade' ? 'Deposit' : type === 'WithdrawalMade' ? 'Withdrawal' : displayEventType(type));

export interface ReverseDialogProps {
  readonly accountId: string;
  readonly row: TimelineRow;
  readonly currency: string;
  readonly onDone: (message: string) => void;
  readonly onCancel: () => void;
}

export function ReverseDialog({ accountId, row, currency, onDone, onCancel }: ReverseDialogProps) {
  const api = useApi();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<{ reason?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  // One id for this reversal, however often the supervisor presses the button: main applies it once.
  const [commandId] = useState(newCommandId);
  const name = movementName(row.type);
  const movement = `${name} of ${displayMoney((row.amount ?? '0').replace(/^-/, ''), currency)}`;

  return (
    <FormDialog
      title={`Reverse the ${name.toLowerCase()} at version ${row.version}?`}
      description={
        <p>
          {movement} on {displayTime(row.occurredAt)}
          {row.detail ? ` (${row.detail})` : ''}. A compensating entry naming this movement and your reason is posted; nothing is deleted.
        </p>
      }
      submitLabel="Reverse"
      danger
      busy={busy}
      error={error.form}
      onCancel={onCancel}
      onSubmit={async () => {
        const text = reason.trim();
        if (text === '') return setError({ reason: 'Say why this movement is reversed.' });
        if (text.length > REASON_MAX) return setError({ reason: `A reason has at most ${REASON_MAX} characters.` });
        setBusy(true);
        setError({});
        try {
          await api.call('account.reverse', { accountId, originalEventId: row.eventId, reason: text, commandId });
          onDone(`${movement} at version ${row.version} reversed.`);
        } catch (failure) {
          const refusal = toApiError(failure);
          setError(refusal.field === 'reason' ? { reason: refusal.message } : { form: refusal.message });
          setBusy(false);
        }
      }}
    >
      <FormField label="Reason" error={error.reason} hint={`Required; at most ${REASON_MAX} characters. It is kept with the reversal.`}>
        {(props) => <textarea {...props} rows={3} maxLength={REASON_MAX + 100} value={reason} onChange={(event) => setReason(event.target.value)} />}
      </FormField>
    </FormDialog>
  );
}
