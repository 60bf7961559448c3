/** The main window's options, security settings first: a pure module so a test can read exactly what the app passes to BrowserWindow. */

import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import type { WindowState } from './windowState.js';

/** The renderer is untrusted: it gets no Node, runs sandboxed, and reaches main only through the preload's API. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
    devTools: true,
  };
}

export interface MainWindowInput {
  readonly state: WindowState;
  readonly preloadPath: string;
  readonly iconPath?: string;
  /** Packaged builds hide the developer tools; a development run keeps them. */
  readonly packaged: boolean;
}

export function mainWindowOptions({ state, preloadPath, iconPath, packaged }: MainWindowInput): BrowserWindowConstructorOptions {
  return {
    title: 'Fidelis',
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : { center: true }),
    width: state.width,
    height: state.height,
    minWidth: 800,
    minHeight: 560,
    // Shown on 'ready-to-show', so the teller never sees a blank white frame.
    show: false,
    backgroundColor: '#f5f6f8',
    autoHideMenuBar: false,
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: { ...secureWebPreferences(preloadPath), devTools: !packaged },
  };
}
