/** The labelled currency <select> of the cash forms (till, vault): the branch's cash currencies, or those a form offers. */

import { CASH_CURRENCIES } from '@fidelis/shared/tills/denominations.js';
import { FormField } from './FormField.js';

export function CurrencySelect({ value, onChange, currencies = CASH_CURRENCIES }: { value: string; onChange: (currency: string) => void; currencies?: readonly string[] }) {
  return (
    <FormField label="Currency">
      {(props) => (
        <select {...props} value={value} onChange={(event) => onChange(event.target.value)}>
          {currencies.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      )}
    </FormField>
  );
}
