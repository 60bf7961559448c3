/** `npm run serve [-- --data-dir DIR --port N]`: browser mode — the host on a data dir, the built renderer and the API on 127.0.0.1. */

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { isDomainError } from '@fidelis/shared/errors.js';
import { createApiRouter } from '../api/router.js';
import { routeLibraryConsole } from '../cli/libraryConsole.js';
import { createHost, type Host } from '../host.js';
import { defaultDataDir } from '../paths.js';
import { startSyncIfConfigured, type SyncAutoStart } from '../sync/autoStart.js';
import { startBrowserServer } from './browserServer.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RENDERER_OUT = fileURLToPath(new URL('../../out/renderer/', import.meta.url));

const port = (text: string): number => {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65535) throw new InvalidArgumentError('It must be a port number (0 picks a free one).');
  return value;
};

const program = new Command('npm run serve --')
  .description("Serves Fidelis to a browser on 127.0.0.1; open the printed URL (it carries this start's secret).")
  .addOption(new Option('--data-dir <DIR>', "The ledger's folder (default: the desktop app's own, or FIDELIS_DATA_DIR)."))
  .addOption(new Option('--port <N>', 'The port (0, the default, picks a free one).').argParser(port))
  .helpOption('-h, --help', 'Show this help.')
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, '')) });

try {
  program.parse();
} catch (error) {
  process.exit(error instanceof CommanderError && error.exitCode === 0 ? 0 : 64);
}
const options = program.opts<{ dataDir?: string; port?: number }>();
const dataDir = options.dataDir ?? defaultDataDir();

// The RxDB banner and other library chatter go to the log, not the terminal that shows the URL.
const libraryConsole = routeLibraryConsole();
let host: Host;
try {
  host = await createHost({ dataDir });
} catch (error) {
  // Another process has the data dir (DATA_DIR_LOCKED) or it cannot be read: one line saying so, no stack.
  if (!isDomainError(error)) throw error;
  process.stderr.write(`${error.code}: ${error.message}\n`);
  process.exit(2);
}
libraryConsole.attach(host.logger);

if (!existsSync(`${RENDERER_OUT}index.html`)) {
  process.stderr.write('Building the renderer (out/renderer is missing)…\n');
  const build = spawnSync(process.execPath, [`${ROOT}node_modules/vite/bin/vite.js`, 'build', '--config', 'renderer/vite.config.ts'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) {
    await host.close();
    process.exit(1);
  }
}

const router = createApiRouter(host);
const server = await startBrowserServer({ router, logger: host.logger, staticDir: RENDERER_OUT, port: options.port ?? 0 });
host.logger.info({ origin: server.origin, dataDir }, 'browser mode started');
let syncStarting: Promise<SyncAutoStart | undefined> = Promise.resolve(undefined);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await (await syncStarting)?.stop();
  await server.close();
  router.close();
  await host.close();
  process.exit(0);
}
// Before the line that says it is up: whoever reads it may stop it at once.
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
process.stdout.write(`Fidelis is serving ${dataDir}\nOpen ${server.url}\n`);
// Node has no network-change events: the sync loop's own retry with backoff covers a gateway that comes and goes.
syncStarting = startSyncIfConfigured(host.sync, host.logger).catch((error: unknown) => {
  host.logger.error({ error }, 'sync could not start');
  return undefined;
});
