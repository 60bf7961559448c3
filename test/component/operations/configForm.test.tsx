// @vitest-environment jsdom
// The configuration forms of the Payments and Sync screens (jsdom): fields left empty keep what is configured, a
// refusal sits by its field, the outcome is said once saved and goes at the next edit.

import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '@fidelis/shared/api/errors.js';
import { ConfigForm } from '../../../renderer/src/components/ConfigForm.js';

afterEach(cleanup);

const FIELDS = [
  { name: 'url', label: 'PayFlow URL' },
  { name: 'apiKey', label: 'API key', secret: true },
] as const;

function renderForm(save: (given: Partial<Record<'url' | 'apiKey', string>>) => Promise<string>) {
  render(<ConfigForm id="t" title="PayFlow configuration" intro="Leave a field empty to keep its current value." fields={FIELDS} save={save} />);
  return { url: screen.getByLabelText('PayFlow URL') as HTMLInputElement, key: screen.getByLabelText('API key') as HTMLInputElement, save: screen.getByRole('button', { name: 'Save configuration' }) };
}

describe('configuration form', () => {
  it('sends only the fields given, trimmed; types secrets as passwords; says what was saved and clears the fields', async () => {
    const user = userEvent.setup();
    const sent: unknown[] = [];
    const form = renderForm(async (given) => (sent.push(given), 'PayFlow configured at http://payflow.test.'));
    expect(form.key.type).toBe('password');
    await user.type(form.url, '  http://payflow.test  ');
    await user.click(form.save);
    expect(await screen.findByText('PayFlow configured at http://payflow.test.')).toBeTruthy();
    expect(sent).toEqual([{ url: 'http://payflow.test' }]);
    expect(form.url.value).toBe('');
    // The next edit is new input: the saved outcome no longer describes it.
    await user.type(form.key, 'k');
    expect(screen.queryByText('PayFlow configured at http://payflow.test.')).toBeNull();
  });

  it('shows main’s refusal by the field it concerns, keeps what was typed, and clears it when the field is edited', async () => {
    const user = userEvent.setup();
    const form = renderForm(async () => {
      throw new ApiError({ code: 'VALIDATION', field: 'url', message: 'Give the address as http:// or https://.' });
    });
    await user.type(form.url, 'ftp://x');
    await user.click(form.save);
    await waitFor(() => expect(form.url.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(form.url.getAttribute('aria-describedby')!)?.textContent).toBe('Give the address as http:// or https://.');
    expect(form.url.value).toBe('ftp://x');
    expect(screen.getByRole('status').textContent).toBe('');
    await user.type(form.url, '/');
    expect(form.url.getAttribute('aria-invalid')).toBe('false');
  });
});
