/**
 * Dual control at the counter: a command over the dual-control amount comes back APPROVAL_REQUIRED; a supervisor then
 * signs in on the same screen, and the same command (same commandId) is sent again with their approval.
 */

import { useCallback, useState, type ReactNode } from 'react';
import { ApiError } from '@fidelis/shared/api/errors.js';
import type { Approval } from '@fidelis/shared/staff/identity.js';
import { toApiError } from '../api/ApiProvider.js';
import { FormDialog } from './FormDialog.js';
import { FormField } from './FormField.js';

/** Sends the command, with the approval once one is given. The caller keeps the commandId fixed across both sends. */
export type Attempt<T> = (approval: Approval | undefined) => Promise<T>;

interface Pending {
  readonly what: string;
  readonly attempt: Attempt<unknown>;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: unknown) => void;
}

export interface ApprovalFlow {
  /** Runs the command; asks for approval if main wants one; resolves with the result or rejects with the final refusal. */
  send<T>(what: string, attempt: Attempt<T>): Promise<T>;
  /** The approval dialog while one is asked for: render it inside the form's screen. */
  readonly dialog: ReactNode;
  /** The approver of the last command that needed one, until the next send. */
  readonly approvedBy: string | undefined;
}

/** Refusals that concern the approver (wrong password, not a supervisor, the teller themself) stay on the dialog. */
const concernsApprover = (error: ApiError): boolean =>
  error.field?.startsWith('approval') === true || ['INVALID_CREDENTIALS', 'STAFF_LOCKED_OUT', 'FORBIDDEN', 'APPROVAL_REQUIRED'].includes(error.code);

export const APPROVAL_CANCELLED = 'APPROVAL_CANCELLED';

export function useApproval(): ApprovalFlow {
  const [pending, setPending] = useState<Pending | undefined>();
  const [approvedBy, setApprovedBy] = useState<string | undefined>();

  const send = useCallback(async <T,>(what: string, attempt: Attempt<T>): Promise<T> => {
    setApprovedBy(undefined);
    try {
      return await attempt(undefined);
    } catch (error) {
      const refusal = toApiError(error);
      if (refusal.code !== 'APPROVAL_REQUIRED') throw refusal;
      return new Promise<T>((resolve, reject) =>
        setPending({ what, attempt, resolve: (result) => resolve(result as T), reject }),
      );
    }
  }, []);

  const dialog = pending ? (
    <ApprovalDialog
      key={pending.what}
      what={pending.what}
      onApprove={async (approval) => {
        try {
          const result = await pending.attempt(approval);
          setPending(undefined);
          setApprovedBy(approval.username);
          pending.resolve(result);
        } catch (error) {
          const refusal = toApiError(error);
          if (concernsApprover(refusal)) throw refusal;
          // Anything else (funds gone meanwhile, account closed) belongs to the teller's form.
          setPending(undefined);
          pending.reject(refusal);
        }
      }}
      onCancel={() => {
        setPending(undefined);
        pending.reject(new ApiError({ code: APPROVAL_CANCELLED, message: 'Not posted: the supervisor approval was cancelled.' }));
      }}
    />
  ) : null;

  return { send, dialog, approvedBy };
}

export interface ApprovalDialogProps {
  readonly what: string;
  readonly onApprove: (approval: Approval) => Promise<void>;
  readonly onCancel: () => void;
}

export function ApprovalDialog({ what, onApprove, onCancel }: ApprovalDialogProps) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ username?: string; password?: string; form?: string }>({});

  return (
    <FormDialog
      title="Supervisor approval needed"
      description={
        <>
          <p>
            <strong>{what}</strong>
          </p>
          {/* In the screen's words (main's refusal names the limit without its currency): what is asked, and of whom. */}
          <p>This is over the dual-control amount: a supervisor approves it here with their own username and password. Nothing is posted until then.</p>
        </>
      }
      submitLabel="Approve"
      busy={busy}
      error={errors.form}
      onCancel={onCancel}
      onSubmit={async () => {
        if (username.trim() === '') return setErrors({ username: "Enter the supervisor's username." });
        if (password === '') return setErrors({ password: "Enter the supervisor's password." });
        setBusy(true);
        setErrors({});
        try {
          await onApprove({ username: username.trim().toLowerCase(), password });
        } catch (error) {
          const refusal = toApiError(error);
          setPassword('');
          setErrors(refusal.field === 'approval.username' ? { username: refusal.message } : { form: refusal.message });
          setBusy(false);
        }
      }}
    >
      <FormField label="Supervisor username" error={errors.username}>
        {(props) => <input {...props} type="text" autoComplete="off" spellCheck={false} value={username} onChange={(event) => setUsername(event.target.value)} />}
      </FormField>
      <FormField label="Supervisor password" error={errors.password}>
        {(props) => <input {...props} type="password" autoComplete="off" value={password} onChange={(event) => setPassword(event.target.value)} />}
      </FormField>
    </FormDialog>
  );
}
