/** The one logger: structured JSON lines to a file in the data dir, so stdout carries only results. */

import { join } from 'node:path';
import pino, { type Logger } from 'pino';

export type { Logger };

export function createFileLogger(dataDir: string, level = process.env.FIDELIS_LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { pid: process.pid } }, pino.destination({ dest: join(dataDir, 'logs', 'fidelis.log'), mkdir: true, sync: false }));
}

export const silentLogger = (): Logger => pino({ level: 'silent' });
