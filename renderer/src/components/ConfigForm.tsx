/**
 * A configuration form as the CLI's configure commands take it: each field optional (left empty, what is configured
 * stays), secrets typed and never shown back, main's checks on the field they concern, the outcome said once saved.
 */

import { useMemo, useState, type ReactNode } from 'react';
import { FormField } from './FormField.js';
import { FormFooter } from './FormFooter.js';
import { useRecordingForm } from './useCommand.js';

export interface ConfigFieldSpec<Name extends string> {
  readonly name: Name;
  readonly label: string;
  /** A secret: a password field, never filled in from what is configured. */
  readonly secret?: boolean;
  readonly hint?: string;
  readonly placeholder?: string;
}

export function ConfigForm<Name extends string>({ id, title, intro, fields, save }: {
  id: string;
  title: string;
  intro: ReactNode;
  fields: readonly ConfigFieldSpec<Name>[];
  /** Sends the fields given (the empty ones left out) and says what was configured. */
  save: (given: Partial<Record<Name, string>>) => Promise<string>;
}) {
  const empty = useMemo(() => Object.fromEntries(fields.map((f) => [f.name, ''])) as Record<Name, string>, [fields]);
  const fieldOf = useMemo(() => Object.fromEntries(fields.map((f) => [f.name, f.name])) as Record<string, Name>, [fields]);
  const [draft, setDraft] = useState(empty);
  const command = useRecordingForm<Name>(fieldOf);
  return (
    <form
      className="card form"
      aria-labelledby={id}
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        const given = Object.fromEntries(Object.entries<string>(draft).filter(([, value]) => value.trim() !== '').map(([name, value]) => [name, value.trim()])) as Partial<Record<Name, string>>;
        if (await command.record(() => save(given), (said) => said)) setDraft(empty);
      }}
    >
      <h2 id={id}>{title}</h2>
      <p className="muted">{intro}</p>
      <div className="form__row">
        {fields.map((f) => (
          <FormField key={f.name} label={f.label} error={command.fieldErrors[f.name]} hint={f.hint}>
            {(props) => (
              <input
                {...props}
                type={f.secret ? 'password' : 'text'}
                autoComplete="off"
                spellCheck={false}
                placeholder={f.placeholder}
                value={draft[f.name]}
                onChange={(event) => (setDraft((d) => ({ ...d, [f.name]: event.target.value })), command.edited(f.name))}
              />
            )}
          </FormField>
        ))}
      </div>
      <FormFooter command={command} label="Save configuration" busyLabel="Saving…" done={command.done} primary />
    </form>
  );
}
