/** `npm run gateway [-- --data-dir DIR --port N --payflow-secret S]` runs the gateway; `npm run gateway -- device add --branch B` provisions a device. */

import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { embeddedDatabase, postgresDatabase, type GatewayDatabase } from './database.js';
import { addDevice } from './devices.js';
import { migrate, tablesIn } from './migrations.js';
import { listUnroutable } from './payflow/inboxStore.js';
import { startGateway } from './server.js';

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    branch: { type: 'string' },
    schema: { type: 'string' },
    'payflow-secret': { type: 'string' },
  },
  allowPositionals: true,
});

const dataDir = resolve(values['data-dir'] ?? process.env.FIDELIS_GATEWAY_DATA_DIR ?? 'gateway-data');
const pidFile = join(dataDir, 'gateway.pid');
const schema = values.schema ?? 'fidelis_gateway';
/** The secret PayFlow signs webhooks with; without it /v1/payflow/webhooks answers 503. */
const payflowSecret = values['payflow-secret'] ?? process.env.PAYFLOW_WEBHOOK_SECRET;

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(64);
};

/** PGlite is one process's database: a second process opening the same folder would corrupt it. */
function runningGatewayPid(): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

async function openDatabase(): Promise<GatewayDatabase> {
  const url = process.env.DATABASE_URL;
  return url ? postgresDatabase(url) : embeddedDatabase(join(dataDir, 'pglite'));
}

if (positionals[0] === 'device' && positionals[1] === 'add') {
  if (!values.branch) fail('Usage: npm run gateway -- device add --branch BRANCH [--data-dir DIR]');
  if (!process.env.DATABASE_URL && runningGatewayPid() !== undefined) {
    fail(`A gateway (pid ${runningGatewayPid()}) is using ${dataDir}; stop it before adding devices to its embedded database.`);
  }
  const db = await openDatabase();
  try {
    const tables = tablesIn(schema);
    await migrate(db, tables);
    const device = await addDevice(db, tables, values.branch!);
    process.stdout.write(`${JSON.stringify({ deviceId: device.deviceId, secret: device.secret, branchId: device.branchId })}\n`);
  } finally {
    await db.close();
  }
} else if (positionals[0] === 'payflow' && positionals[1] === 'unroutable') {
  // PayFlow webhooks no branch owns: answered 200 (PayFlow stops retrying), kept here for an operator.
  if (!process.env.DATABASE_URL && runningGatewayPid() !== undefined) fail(`A gateway (pid ${runningGatewayPid()}) is using ${dataDir}; stop it first.`);
  const db = await openDatabase();
  try {
    const tables = tablesIn(schema);
    await migrate(db, tables);
    for (const message of await listUnroutable(db, tables)) process.stdout.write(`${JSON.stringify(message)}\n`);
  } finally {
    await db.close();
  }
} else if (positionals.length > 0) {
  fail(`Unknown command "${positionals.join(' ')}". Usage: npm run gateway [-- --data-dir DIR --port N] | npm run gateway -- device add --branch B`);
} else {
  if (!process.env.DATABASE_URL) {
    const pid = runningGatewayPid();
    if (pid !== undefined) fail(`A gateway (pid ${pid}) already uses ${dataDir}.`);
  }
  const logger = pino({ level: process.env.FIDELIS_LOG_LEVEL ?? 'info' }, pino.destination(2));
  const db = await openDatabase();
  const gateway = await startGateway({ database: db, schema, port: Number(values.port ?? '8787'), host: values.host ?? '127.0.0.1', logger, ownsDatabase: true, ...(payflowSecret ? { payflow: { webhookSecret: payflowSecret } } : {}) });
  if (!process.env.DATABASE_URL) writeFileSync(pidFile, String(process.pid));
  process.stdout.write(`${JSON.stringify({ url: gateway.url, database: db.description, payflowWebhooks: payflowSecret ? `${gateway.url}/v1/payflow/webhooks` : 'not configured' })}\n`);
  const stop = async () => {
    await gateway.close();
    rmSync(pidFile, { force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
