/**
 * A modal dialog holding a small form: focus starts in its first field, Esc cancels, Tab stays inside, focus returns
 * after. It is portalled to <body> because it often opens from inside another form (forms cannot nest).
 */

import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { FormError } from './FormField.js';
import { trapTab } from './focusTrap.js';

export interface FormDialogProps {
  title: string;
  /** Text under the title that says what is asked and why (read out with the title). */
  description: ReactNode;
  children: ReactNode;
  submitLabel: string;
  onSubmit: () => void;
  onCancel: () => void;
  busy?: boolean;
  danger?: boolean;
  /** An error that concerns the whole form, shown above the buttons. */
  error?: string | undefined;
}

const FOCUSABLE = 'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])';

export function FormDialog({ title, description, children, submitLabel, onSubmit, onCancel, busy = false, danger = false, error }: FormDialogProps) {
  const titleId = useId();
  const bodyId = useId();
  const dialog = useRef<HTMLFormElement>(null);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    dialog.current?.querySelector<HTMLElement>('input, textarea, select')?.focus();
    return () => previous?.focus();
  }, []);

  return createPortal(
    <div className="dialog-backdrop">
      <form
        ref={dialog}
        className="dialog form"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        noValidate
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          // React events bubble along the component tree, portal or not: the form that opened the dialog must not submit.
          event.stopPropagation();
          if (!busy) onSubmit();
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation();
            if (!busy) onCancel();
          } else if (event.key === 'Tab') {
            trapTab(event, dialog.current, FOCUSABLE);
          }
        }}
      >
        <h2 id={titleId}>{title}</h2>
        <div id={bodyId}>{description}</div>
        {children}
        <FormError message={error} />
        <div className="dialog__actions">
          <button type="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className={danger ? 'button--danger' : 'button--primary'} disabled={busy}>
            {busy ? 'Working…' : submitLabel}
          </button>
        </div>
      </form>
    </div>,
    document.body,
  );
}
