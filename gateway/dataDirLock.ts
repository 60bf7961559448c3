/**
 * One gateway per embedded database folder, for sure: a listening socket named after the folder — an abstract Unix
 * socket on Linux, a named pipe on Windows — which only one process can hold and the kernel frees on any death. The
 * pid file stays as the hint for the message (and the only guard where neither exists, as on macOS).
 */

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join, resolve } from 'node:path';

export interface GatewayLock {
  release(): void;
}

const PID_FILE = 'gateway.pid';

/** The socket's name: the same folder, however it was spelled, gives the same name. */
function socketName(dataDir: string): string | undefined {
  const digest = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 32);
  if (process.platform === 'linux') return `\0fidelis-gateway-${digest}`;
  if (process.platform === 'win32') return `\\\\?\\pipe\\fidelis-gateway-${digest}`;
  return undefined;
}

/** The pid the hint names, if that process is alive. */
export function hintedOwner(dataDir: string): number | undefined {
  const path = join(dataDir, PID_FILE);
  if (!existsSync(path)) return undefined;
  const pid = Number(readFileSync(path, 'utf8'));
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** Takes the folder, or resolves to the message saying who has it. */
export async function lockGatewayDir(dataDir: string): Promise<GatewayLock | { readonly refused: string }> {
  const refused = (pid: number | undefined) => ({ refused: `A gateway${pid === undefined ? '' : ` (pid ${pid})`} already uses ${dataDir}; stop it first.` });
  const name = socketName(dataDir);
  let server: Server | undefined;
  if (name) {
    server = createServer();
    const taken = await new Promise<boolean>((done) => {
      server!.once('error', () => done(false));
      server!.listen({ path: name, exclusive: true }, () => done(true));
    });
    if (!taken) return refused(hintedOwner(dataDir));
    // Held, not served: the socket must not keep the process alive on its own.
    server.unref();
  } else if (hintedOwner(dataDir) !== undefined) {
    return refused(hintedOwner(dataDir));
  }
  writeFileSync(join(dataDir, PID_FILE), String(process.pid));
  return {
    release() {
      rmSync(join(dataDir, PID_FILE), { force: true });
      server?.close();
    },
  };
}
