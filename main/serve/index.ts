/** `npm run serve [-- --data-dir DIR --port N]`: browser mode — the host on a data dir, the built renderer and the API on 127.0.0.1. */

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApiRouter } from '../api/router.js';
import { createHost } from '../host.js';
import { defaultDataDir } from '../paths.js';
import { startSyncIfConfigured } from '../sync/autoStart.js';
import { startBrowserServer } from './browserServer.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RENDERER_OUT = fileURLToPath(new URL('../../out/renderer/', import.meta.url));

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  strict: true,
});

if (values.help) {
  process.stdout.write('Usage: npm run serve -- [--data-dir DIR] [--port N]\nServes Fidelis to a browser on 127.0.0.1; open the printed URL (it carries this start\'s secret).\n');
  process.exit(0);
}

const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port must be a port number (0 picks a free one), not "${values.port}".\n`);
  process.exit(64);
}

if (!existsSync(`${RENDERER_OUT}index.html`)) {
  process.stderr.write('Building the renderer (out/renderer is missing)…\n');
  const build = spawnSync(process.execPath, [`${ROOT}node_modules/vite/bin/vite.js`, 'build', '--config', 'renderer/vite.config.ts'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
}

const dataDir = values['data-dir'] ?? defaultDataDir();
const host = await createHost({ dataDir });
const router = createApiRouter(host);
const server = await startBrowserServer({ router, logger: host.logger, staticDir: RENDERER_OUT, port });
host.logger.info({ origin: server.origin, dataDir }, 'browser mode started');
process.stdout.write(`Fidelis is serving ${dataDir}\nOpen ${server.url}\n`);
// Node has no network-change events: the sync loop's own retry with backoff covers a gateway that comes and goes.
const sync = await startSyncIfConfigured(host.sync, host.logger).catch((error: unknown) => {
  host.logger.error({ error }, 'sync could not start');
  return undefined;
});

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await sync?.stop();
  await server.close();
  router.close();
  await host.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
