/** `npm run payflow-sim [-- --port N --webhook-url URL --secret S --api-key K --auto-complete-ms MS]`: the PayFlow simulator for demos. */

import { parseArgs } from 'node:util';
import { PAYFLOW_PATHS } from '@fidelis/shared/payflow/protocol.js';
import { CONTROL_ENDPOINTS, startPayflowSimulator } from './simulator.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'webhook-url': { type: 'string' },
    secret: { type: 'string' },
    'api-key': { type: 'string' },
    'auto-complete-ms': { type: 'string' },
  },
});

const autoComplete = values['auto-complete-ms'] ?? process.env.PAYFLOW_AUTO_COMPLETE_MS ?? '2000';
const simulator = await startPayflowSimulator({
  host: values.host ?? '127.0.0.1',
  port: Number(values.port ?? process.env.PAYFLOW_PORT ?? '8790'),
  webhookUrl: values['webhook-url'] ?? process.env.PAYFLOW_WEBHOOK_URL ?? `http://127.0.0.1:8787${PAYFLOW_PATHS.webhooks}`,
  webhookSecret: values.secret ?? process.env.PAYFLOW_WEBHOOK_SECRET ?? 'payflow-dev-secret',
  apiKey: values['api-key'] ?? process.env.PAYFLOW_API_KEY ?? 'payflow-dev-key',
  autoCompleteMs: autoComplete === 'off' ? null : Number(autoComplete),
});

// Before the lines that say it is up: whoever reads them may stop it at once.
const stop = async () => {
  await simulator.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
process.stdout.write(
  [
    `PayFlow simulator listening on ${simulator.url}`,
    `  API: POST ${PAYFLOW_PATHS.payments}, GET ${PAYFLOW_PATHS.payments}/:id, GET ${PAYFLOW_PATHS.settlements}?date=YYYY-MM-DD (Authorization: Bearer <api key>)`,
    `  Webhooks go to ${values['webhook-url'] ?? process.env.PAYFLOW_WEBHOOK_URL ?? `http://127.0.0.1:8787${PAYFLOW_PATHS.webhooks}`}`,
    '  Control (no auth, JSON bodies):',
    ...CONTROL_ENDPOINTS.map((e) => `    ${e}`),
    '',
  ].join('\n'),
);
