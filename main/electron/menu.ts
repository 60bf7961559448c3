/** The native menu: the usual roles (edit, view, window, help), with the app menu on macOS; a plain template, built into a Menu by the shell. */

import type { MenuItemConstructorOptions } from 'electron';

export interface MenuInput {
  readonly platform: NodeJS.Platform;
  readonly appName: string;
  /** Reload and developer tools are for development runs only: a reload mid-command would confuse a teller. */
  readonly packaged: boolean;
  readonly openHelp: () => void;
}

export function menuTemplate({ platform, appName, packaged, openHelp }: MenuInput): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const development: MenuItemConstructorOptions[] = packaged ? [] : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }];
  return [
    ...(mac ? [{ label: appName, role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    { label: '&File', submenu: [mac ? { role: 'close' } : { role: 'quit' }] },
    { label: '&Edit', role: 'editMenu' },
    {
      label: '&View',
      submenu: [...development, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { label: '&Window', role: 'windowMenu' },
    { label: '&Help', role: 'help', submenu: [{ label: `About ${appName}`, click: openHelp }] },
  ];
}
