/** Runs a command from a form and sorts a refusal onto the field it concerns, or onto the form when no field fits. */

import { useCallback, useState } from 'react';
import { toApiError } from '../api/ApiProvider.js';

export interface CommandState<Field extends string> {
  readonly busy: boolean;
  readonly fieldErrors: Partial<Record<Field, string>>;
  readonly formError: string | undefined;
  /** Runs the command; resolves true when it was accepted. */
  run(action: () => Promise<unknown>): Promise<boolean>;
  setFieldError(field: Field, message: string | undefined): void;
  /** The person changed `field` (or the form): its refusal and the form's are stale now, and go. */
  edited(field?: Field): void;
  reset(): void;
}

/**
 * `fieldOf` maps main's field names onto the form's inputs: a withdrawal refused on `balance` is shown on the amount
 * the teller typed, since that is what they can change.
 */
export function useCommand<Field extends string>(fieldOf: Readonly<Record<string, Field>>): CommandState<Field> {
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | undefined>();

  const run = useCallback(
    async (action: () => Promise<unknown>) => {
      setBusy(true);
      setFieldErrors({});
      setFormError(undefined);
      try {
        await action();
        return true;
      } catch (error) {
        const apiError = toApiError(error);
        const field = apiError.field === undefined ? undefined : fieldOf[apiError.field];
        if (field) setFieldErrors({ [field]: apiError.message } as Partial<Record<Field, string>>);
        else setFormError(apiError.message);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [fieldOf],
  );

  const setFieldError = useCallback((field: Field, message: string | undefined) => setFieldErrors((errors) => ({ ...errors, [field]: message })), []);
  const reset = useCallback(() => {
    setFieldErrors({});
    setFormError(undefined);
  }, []);
  const edited = useCallback((field?: Field) => {
    setFormError(undefined);
    setFieldErrors((errors) => {
      if (field === undefined) return {};
      if (errors[field] === undefined) return errors;
      const { [field]: _gone, ...rest } = errors;
      return rest as Partial<Record<Field, string>>;
    });
  }, []);

  return { busy, fieldErrors, formError, run, setFieldError, edited, reset };
}

/** A client-made command id: a retry after a lost connection is then applied once. */
export const newCommandId = (): string => `ui-${Date.now().toString(36)}-${crypto.getRandomValues(new Uint32Array(2)).join('')}`;

export interface RecordingForm<Field extends string> extends CommandState<Field> {
  /** What the last accepted command recorded, until the next edit or submit. */
  readonly done: string | undefined;
  /** Runs `action` with this submission's command id; on acceptance shows `outcome` and takes a new id for the next one. */
  record<R>(action: (commandId: string) => Promise<R>, outcome: (result: R) => string): Promise<boolean>;
}

/**
 * A form that records something: useCommand, a command id kept across retries of one submission, and the outcome
 * shown beneath it, gone at the next edit so a stale "recorded" never sits under new input.
 */
export function useRecordingForm<Field extends string>(fieldOf: Readonly<Record<string, Field>>): RecordingForm<Field> {
  const command = useCommand<Field>(fieldOf);
  const [commandId, setCommandId] = useState(newCommandId);
  const [done, setDone] = useState<string | undefined>();
  const { edited: clearErrors, run } = command;
  const edited = useCallback(
    (field?: Field) => {
      setDone(undefined);
      clearErrors(field);
    },
    [clearErrors],
  );
  const record = useCallback(
    async <R,>(action: (commandId: string) => Promise<R>, outcome: (result: R) => string) => {
      setDone(undefined);
      let result: R | undefined;
      const accepted = await run(async () => {
        result = await action(commandId);
      });
      if (accepted) {
        setDone(outcome(result as R));
        setCommandId(newCommandId());
      }
      return accepted;
    },
    [run, commandId],
  );
  return { ...command, edited, done, record };
}
