/**
 * `npm run gateway [-- --data-dir DIR --port N --payflow-secret S]` runs the gateway; `npm run gateway -- device add --branch B`,
 * `device list` and `device revoke ID` manage devices, through the running gateway when one uses the data dir.
 */

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { lockGatewayDir, type GatewayLock } from './dataDirLock.js';
import { embeddedDatabase, postgresDatabase, type GatewayDatabase } from './database.js';
import { addDevice, listDevices, revokeDevice } from './devices.js';
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
const schema = values.schema ?? 'fidelis_gateway';
/** The secret PayFlow signs webhooks with; without it /v1/payflow/webhooks answers 503. */
const payflowSecret = values['payflow-secret'] ?? process.env.PAYFLOW_WEBHOOK_SECRET;

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(64);
};

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt it, so the folder is locked
 * for as long as this process uses it, by a lock the kernel frees on any death (gateway/dataDirLock.ts).
 */
async function lockEmbedded(refusal: (message: string) => string = (message) => message): Promise<GatewayLock | undefined> {
  if (process.env.DATABASE_URL) return undefined;
  mkdirSync(dataDir, { recursive: true });
  const lock = await lockGatewayDir(dataDir);
  return 'refused' in lock ? fail(refusal(lock.refused)) : lock;
}

/** A database that cannot be opened (a damaged PGlite folder, an unreachable server) is one line, not a stack trace. */
async function openDatabase(): Promise<GatewayDatabase> {
  const url = process.env.DATABASE_URL;
  try {
    return await (url ? postgresDatabase(url) : embeddedDatabase(join(dataDir, 'pglite')));
  } catch (error) {
    process.stderr.write(`The gateway's database ${url ? 'at DATABASE_URL' : `in ${dataDir}`} cannot be opened: ${(error as Error).message.split('\n')[0]}\n`);
    process.exit(2);
  }
}

/** The operator token for a running gateway's /admin routes: made once, readable by the gateway's user only. */
function adminToken(): string {
  const file = join(dataDir, 'admin.token');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** The key device secrets are sealed under: FIDELIS_GATEWAY_KEY (64 hex digits), else a file beside the data made once (0600). Keep it out of database backups. */
function secretKey(): Buffer {
  const fromEnv = process.env.FIDELIS_GATEWAY_KEY;
  if (fromEnv) return /^[0-9a-f]{64}$/i.test(fromEnv) ? Buffer.from(fromEnv, 'hex') : fail('FIDELIS_GATEWAY_KEY is 64 hex digits (32 bytes).');
  const file = join(dataDir, 'gateway.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

/** Where the gateway running on this data dir listens, if one does (on PGlite or PostgreSQL). */
function runningGatewayUrl(): string | undefined {
  const file = join(dataDir, 'gateway.json');
  if (!existsSync(file)) return undefined;
  const { url, pid } = JSON.parse(readFileSync(file, 'utf8')) as { url: string; pid: number };
  try {
    process.kill(pid, 0);
    return url;
  } catch {
    return undefined;
  }
}

/** A device command: through the running gateway when there is one (its embedded database is its alone, and a revocation must reach its memory), else on the database. */
async function deviceCommand(action: string, argument: string | undefined): Promise<unknown> {
  const url = runningGatewayUrl();
  if (url) {
    const headers = { 'x-fidelis-admin-token': adminToken(), 'content-type': 'application/json' };
    const response =
      action === 'add'
        ? await fetch(`${url}/admin/devices`, { method: 'POST', headers, body: JSON.stringify({ branchId: argument }) })
        : action === 'revoke'
          ? await fetch(`${url}/admin/devices/${encodeURIComponent(argument!)}/revoke`, { method: 'POST', headers, body: '{}' })
          : await fetch(`${url}/admin/devices`, { headers });
    const body = (await response.json()) as { error?: { message: string } };
    if (!response.ok) fail(body.error?.message ?? `The gateway answered ${response.status}.`);
    return body;
  }
  const lock = await lockEmbedded((refused) => `${refused.replace(/; stop it first\.$/, '')}, and does not listen yet: try again once it listens.`);
  const db = await openDatabase();
  try {
    const tables = tablesIn(schema);
    await migrate(db, tables);
    if (action === 'add') return await addDevice(db, tables, argument!, secretKey());
    if (action === 'revoke') return (await revokeDevice(db, tables, argument!)) ? { deviceId: argument, revoked: true } : fail(`There is no device ${argument}.`);
    return { devices: await listDevices(db, tables) };
  } finally {
    await db.close();
    lock?.release();
  }
}

if (positionals[0] === 'device' && ['add', 'list', 'revoke'].includes(positionals[1] ?? '')) {
  const action = positionals[1]!;
  if (action === 'add' && !values.branch) fail('Usage: npm run gateway -- device add --branch BRANCH [--data-dir DIR]');
  if (action === 'revoke' && !positionals[2]) fail('Usage: npm run gateway -- device revoke DEVICE_ID [--data-dir DIR]');
  const result = await deviceCommand(action, action === 'add' ? values.branch : positionals[2]);
  if (action === 'add') {
    const device = result as { deviceId: string; secret: string; branchId: string };
    process.stdout.write(`${JSON.stringify({ deviceId: device.deviceId, secret: device.secret, branchId: device.branchId })}\n`);
  } else process.stdout.write(`${JSON.stringify(result)}\n`);
} else if (positionals[0] === 'payflow' && positionals[1] === 'unroutable') {
  // PayFlow webhooks no branch owns: answered 200 (PayFlow stops retrying), kept here for an operator.
  const lock = await lockEmbedded();
  const db = await openDatabase();
  try {
    const tables = tablesIn(schema);
    await migrate(db, tables);
    for (const message of await listUnroutable(db, tables)) process.stdout.write(`${JSON.stringify(message)}\n`);
  } finally {
    await db.close();
    lock?.release();
  }
} else if (positionals.length > 0) {
  fail(`Unknown command "${positionals.join(' ')}". Usage: npm run gateway [-- --data-dir DIR --port N] | npm run gateway -- device add --branch B | device list | device revoke ID`);
} else {
  // Claimed before the embedded database opens: a device command meanwhile must not open it too.
  const lock = await lockEmbedded();
  const logger = pino({ level: process.env.FIDELIS_LOG_LEVEL ?? 'info' }, pino.destination(2));
  const db = await openDatabase();
  const gateway = await startGateway({
    database: db,
    schema,
    port: Number(values.port ?? '8787'),
    host: values.host ?? '127.0.0.1',
    logger,
    ownsDatabase: true,
    adminToken: adminToken(),
    secretKey: secretKey(),
    ...(payflowSecret ? { payflow: { webhookSecret: payflowSecret } } : {}),
  });
  const stop = async () => {
    await gateway.close();
    lock?.release();
    rmSync(join(dataDir, 'gateway.json'), { force: true });
    process.exit(0);
  };
  // Before the line that says it is up: whoever reads that line may stop it at once.
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  writeFileSync(join(dataDir, 'gateway.json'), JSON.stringify({ url: gateway.url, pid: process.pid }));
  process.stdout.write(`${JSON.stringify({ url: gateway.url, database: db.description, payflowWebhooks: payflowSecret ? `${gateway.url}/v1/payflow/webhooks` : 'not configured' })}\n`);
}
