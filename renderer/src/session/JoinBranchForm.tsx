/** Joining a branch from a workstation with no ledger: the gateway's address, device id and secret, then a progress bar while the branch is pulled. */

import { useEffect, useState } from 'react';
import type { SyncJoinResult } from '@fidelis/shared/sync/api.js';
import { useApi } from '../api/ApiProvider.js';
import { FormError, FormField } from '../components/FormField.js';
import { useCommand } from '../components/useCommand.js';

type JoinField = 'gatewayUrl' | 'deviceId' | 'secret';
const JOIN_FIELDS: Record<string, JoinField> = { gatewayUrl: 'gatewayUrl', deviceId: 'deviceId', secret: 'secret' };

/** How often the bar asks main how far the pull has come. */
const PROGRESS_EVERY_MS = 250;

export function JoinBranchForm({ onJoined }: { onJoined: (joined: SyncJoinResult) => void }) {
  const api = useApi();
  const [gatewayUrl, setGatewayUrl] = useState('');
  const [deviceId, setDeviceId] = useState('');
  const [secret, setSecret] = useState('');
  const [progress, setProgress] = useState<{ done: number; total: number } | undefined>();
  const command = useCommand(JOIN_FIELDS);

  useEffect(() => {
    if (!command.busy) return;
    const timer = setInterval(() => {
      void api.call('sync.joinProgress', {}).then(
        (p) => setProgress(p.joining ? { done: p.done, total: p.total } : undefined),
        () => undefined,
      );
    }, PROGRESS_EVERY_MS);
    return () => clearInterval(timer);
  }, [api, command.busy]);

  return (
    <form
      className="card form door__card"
      aria-labelledby="join-title"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        command.reset();
        if (gatewayUrl.trim() === '') return command.setFieldError('gatewayUrl', "Enter the gateway's address, such as http://10.0.0.5:8787.");
        if (deviceId.trim() === '') return command.setFieldError('deviceId', 'Enter the device id the gateway printed for this workstation.');
        if (secret.trim() === '') return command.setFieldError('secret', 'Enter the device secret the gateway printed.');
        let joined: SyncJoinResult | undefined;
        setProgress({ done: 0, total: 0 });
        await command.run(async () => {
          joined = await api.call('sync.join', { gatewayUrl: gatewayUrl.trim(), deviceId: deviceId.trim(), secret: secret.trim() });
        });
        setProgress(undefined);
        // The secret is not left on the screen, joined or not.
        setSecret('');
        if (joined) onJoined(joined);
      }}
    >
      <h1 id="join-title">Join a branch</h1>
      <p className="muted">An administrator adds this workstation at the branch gateway, which prints a device id and a secret. The branch’s staff and ledger are then copied here.</p>
      <FormField label="Gateway address" error={command.fieldErrors.gatewayUrl}>
        {(props) => <input {...props} type="url" autoFocus spellCheck={false} placeholder="http://10.0.0.5:8787" value={gatewayUrl} onChange={(event) => setGatewayUrl(event.target.value)} />}
      </FormField>
      <FormField label="Device id" error={command.fieldErrors.deviceId}>
        {(props) => <input {...props} type="text" spellCheck={false} value={deviceId} onChange={(event) => setDeviceId(event.target.value)} />}
      </FormField>
      <FormField label="Device secret" error={command.fieldErrors.secret}>
        {(props) => <input {...props} type="password" autoComplete="off" value={secret} onChange={(event) => setSecret(event.target.value)} />}
      </FormField>
      {command.busy && progress ? (
        <p role="status">
          <progress aria-label="Copying the branch" max={progress.total || undefined} value={progress.total ? progress.done : undefined} /> Copying the branch’s staff and ledger…
        </p>
      ) : null}
      <FormError message={command.formError} />
      <button type="submit" className="button--primary" disabled={command.busy}>
        {command.busy ? 'Joining…' : 'Join the branch'}
      </button>
    </form>
  );
}
