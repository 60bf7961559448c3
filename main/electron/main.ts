/**
 * The desktop app's main process: one instance per user, one window, the ledger host from createHost, the renderer on
 * app://fidelis/ and the API over IPC. Quitting drains the append queue and closes the store before the process exits.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, net, safeStorage, screen, session, shell } from 'electron';
import { createApiRouter, type ApiRouter } from '../api/router.js';
import { createHost, type Host } from '../host.js';
import { createFileLogger, type Logger } from '../log.js';
import { defaultDataDir } from '../paths.js';
import { useKeychain } from '../safety/dataKey.js';
import { APP_START_URL } from './appOrigin.js';
import { registerAppScheme, serveRenderer } from './appProtocol.js';
import { denyAllPermissions, guardWebContents } from './contentGuards.js';
import { registerIpcTransport } from './ipcTransport.js';
import { menuTemplate } from './menu.js';
import { startSyncIfConfigured, type SyncAutoStart } from '../sync/autoStart.js';
import { createGracefulShutdown } from './shutdown.js';
import { mainWindowOptions } from './windowOptions.js';
import { fitToDisplays, loadWindowState, saveWindowState, type WindowState } from './windowState.js';

const HELP_URL = 'https://github.com/fidelis-ledger/fidelis#readme';

// The built layout: out/main/index.js beside out/preload/index.cjs and out/renderer/.
const preloadPath = join(import.meta.dirname, '../preload/index.cjs');
const rendererRoot = join(import.meta.dirname, '../renderer');
const iconFile = join(import.meta.dirname, '../../build/icon.png');
const iconPath = existsSync(iconFile) ? iconFile : undefined;

// FIDELIS_DATA_DIR (tests, a second branch profile) moves Chromium's data with the ledger, so one folder holds it all.
if (process.env.FIDELIS_DATA_DIR) app.setPath('userData', process.env.FIDELIS_DATA_DIR);

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // Another window already owns the data dir: it is brought forward (see 'second-instance') and this one leaves.
  app.exit(0);
} else {
  void start();
}

async function start(): Promise<void> {
  // The same folder the CLI uses by default (main/paths.ts mirrors Electron's userData), so both share one ledger.
  const dataDir = app.getPath('userData');
  const logger = createFileLogger(dataDir);
  if (dataDir !== defaultDataDir()) logger.warn({ dataDir, cliDefault: defaultDataDir() }, 'the app and the CLI disagree on the data dir');

  // Filled in as start-up proceeds; a quit at any point closes whatever exists by then.
  const running: { host?: Host; router?: ApiRouter; window?: BrowserWindow; detachIpc?: () => void; sync?: SyncAutoStart } = {};

  const shutdown = createGracefulShutdown(
    async () => {
      running.detachIpc?.();
      await running.sync?.stop();
      running.router?.close();
      // host.close() drains the append queue first: every command the teller saw accepted is on disk before exit.
      await running.host?.close();
    },
    (code) => app.exit(code),
    logger,
  );

  app.on('second-instance', () => {
    const { window } = running;
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  // A ledger window is the app: closing it quits on every platform, so the store is always closed on the way out.
  app.on('window-all-closed', () => void shutdown.begin('window closed'));
  app.on('before-quit', (event) => {
    event.preventDefault();
    void shutdown.begin('quit');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown.begin(signal));
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, logger));

  await app.whenReady();
  // The data dir's key is sealed by the OS keychain; Linux with no keyring offers only a fixed password (basic_text), so
  // there the key is kept in a key file beside the data dir instead, as for the CLI.
  const sealedByKeychain = safeStorage.isEncryptionAvailable() && (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text');
  if (sealedByKeychain) useKeychain({ seal: (key) => safeStorage.encryptString(key.toString('hex')), unseal: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'hex') });
  let host: Host;
  try {
    host = await createHost({ dataDir, logger });
    running.host = host;
  } catch (error) {
    logger.error({ error }, 'the ledger could not be opened');
    dialog.showErrorBox('Fidelis cannot open the ledger', error instanceof Error ? error.message : String(error));
    app.exit(1);
    return;
  }
  if (shutdown.started) return;

  denyAllPermissions(session.defaultSession);
  serveRenderer(session.defaultSession, rendererRoot);
  const router = createApiRouter(host);
  running.router = router;
  running.detachIpc = registerIpcTransport(ipcMain, router, logger);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(menuTemplate({ platform: process.platform, appName: app.name, packaged: app.isPackaged, openHelp: () => void shell.openExternal(HELP_URL) })),
  );
  running.window = openMainWindow(dataDir, logger);
  // Sync runs by itself once configured; Chromium's view of the network stops and restarts it (offline: stand-in limits).
  running.sync = await startSyncIfConfigured(host.sync, logger, { isOnline: () => net.isOnline() }).catch((error: unknown) => {
    logger.error({ error }, 'sync could not start');
    return undefined;
  });
}

function openMainWindow(dataDir: string, logger: Logger): BrowserWindow {
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const state = fitToDisplays(loadWindowState(dataDir), workAreas);
  const window = new BrowserWindow(mainWindowOptions({ state, preloadPath, packaged: app.isPackaged, ...(iconPath ? { iconPath } : {}) }));
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  const remember = (): void => {
    const bounds = window.getNormalBounds();
    const next: WindowState = { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height, maximized: window.isMaximized() };
    try {
      saveWindowState(dataDir, next);
    } catch (error) {
      logger.warn({ error }, 'could not save the window position');
    }
  };
  window.on('close', remember);

  void window.loadURL(APP_START_URL);
  return window;
}
