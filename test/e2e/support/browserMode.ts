/** Starts `npm run serve`'s program (out/node/serve.js, rebuilt by the run's global set-up) on a fresh data dir and hands back the URL it prints. */

import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from './rendererBuild.js';

export interface ServedFidelis {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  stop(): Promise<void>;
}

export async function serveFidelis(dataDir: string): Promise<ServedFidelis> {
  const child: ChildProcess = spawn(process.execPath, ['out/node/serve.js', '--data-dir', dataDir, '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser mode did not start:\n${output}`)), 45_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser mode exited with ${code}:\n${output}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token')!,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
