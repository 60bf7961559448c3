/** An amount typed in major units for one currency; checked with shared/money as the teller leaves the field. */

import { useState } from 'react';
import { DomainError } from '@fidelis/shared/errors.js';
import { parseAmount } from '@fidelis/shared/money/money.js';
import { FormField } from './FormField.js';

/** The problem with an amount as typed, or undefined when it is a valid amount above zero (or zero when allowed). */
export function amountProblem(text: string, currency: string, allowZero = false): string | undefined {
  try {
    const minor = parseAmount(text.trim(), currency);
    if (!allowZero && minor <= 0n) return 'The amount must be greater than zero.';
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error.message;
    throw error;
  }
}

export interface AmountInputProps {
  label: string;
  currency: string;
  value: string;
  onChange: (value: string) => void;
  /** An error from main (or from the form's own check) shown on this field. */
  error?: string | undefined;
  allowZero?: boolean;
  name?: string;
  autoFocus?: boolean;
  disabled?: boolean;
  /** Told when leaving the field finds a problem: the form's last outcome is stale then. */
  onProblem?: () => void;
}

export function AmountInput({ label, currency, value, onChange, error, allowZero = false, name, autoFocus, disabled, onProblem }: AmountInputProps) {
  const [localError, setLocalError] = useState<string | undefined>();
  const shown = error ?? localError;
  return (
    <FormField label={`${label} (${currency})`} error={shown}>
      {(props) => (
        <span className="amount-input">
          <input
            {...props}
            name={name}
            type="text"
            inputMode="decimal"
            autoComplete="off"
            spellCheck={false}
            autoFocus={autoFocus}
            disabled={disabled}
            value={value}
            placeholder={currency === 'JPY' ? '1000' : '0.00'}
            onChange={(event) => {
              onChange(event.target.value);
              if (localError) setLocalError(undefined);
            }}
            onBlur={() => {
              const problem = value.trim() === '' ? undefined : amountProblem(value, currency, allowZero);
              setLocalError(problem);
              if (problem) onProblem?.();
            }}
          />
          <span className="amount-input__currency" aria-hidden="true">
            {currency}
          </span>
        </span>
      )}
    </FormField>
  );
}
