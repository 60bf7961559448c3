/** Keeps Tab and Shift+Tab inside a modal dialog: from the last control back to the first, and the other way. */

import type { KeyboardEvent } from 'react';

export function trapTab(event: KeyboardEvent, container: HTMLElement | null, focusableSelector: string): void {
  const focusable = [...(container?.querySelectorAll<HTMLElement>(focusableSelector) ?? [])];
  const first = focusable[0];
  const last = focusable.at(-1);
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last?.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first?.focus();
  }
}
