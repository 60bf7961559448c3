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
