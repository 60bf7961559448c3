/** A form's last lines: the refusal that concerns the whole form, its submit button, and what it recorded, announced. */

import type { ReactNode } from 'react';
import { FormError } from './FormField.js';

export function FormFooter({ command, label, busyLabel, done, primary = false }: {
  command: { readonly busy: boolean; readonly formError: string | undefined };
  label: ReactNode;
  /** Said on the button while the command runs. */
  busyLabel?: string;
  done: string | undefined;
  primary?: boolean;
}) {
  return (
    <>
      <FormError message={command.formError} />
      <button type="submit" className={primary ? 'button--primary' : undefined} disabled={command.busy}>
        {command.busy && busyLabel ? busyLabel : label}
      </button>
      <p className="form__status" role="status" aria-live="polite">
        {done}
      </p>
    </>
  );
}
