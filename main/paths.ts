/** Where Fidelis keeps its data when nobody says otherwise: the same folder the desktop app uses. */

import { homedir } from 'node:os';
import { join } from 'node:path';

const PRODUCT = 'Fidelis';

/** Mirrors Electron's `app.getPath('userData')`, so the CLI and the app share one ledger by default. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.FIDELIS_DATA_DIR) return env.FIDELIS_DATA_DIR;
  switch (platform) {
    case 'win32':
      return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT);
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support', PRODUCT);
    default:
      return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT);
  }
}
