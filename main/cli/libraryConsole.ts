/**
 * What libraries print to the console (RxDB's "open core" banner on a store's first write) goes to the data dir's log,
 * never to a CLI user's terminal: stdout carries results, stderr refusals and progress. Lines printed before the host's
 * logger exists are held and written to it once it does.
 */

/* eslint-disable no-console -- this module takes the console's methods over; it never prints */

import { format } from 'node:util';
import type { Logger } from '../log.js';

const ROUTED = ['log', 'info', 'debug', 'warn'] as const;

export interface LibraryConsole {
  /** From now on (and for what was held) library output goes to this logger. */
  attach(logger: Logger): void;
  /** Gives the console back as it was. */
  restore(): void;
}

export function routeLibraryConsole(): LibraryConsole {
  const original = Object.fromEntries(ROUTED.map((method) => [method, console[method]])) as Record<(typeof ROUTED)[number], (...args: unknown[]) => void>;
  const held: { level: 'info' | 'debug' | 'warn'; text: string }[] = [];
  let logger: Logger | undefined;
  for (const method of ROUTED) {
    const level = method === 'log' ? 'info' : method;
    console[method] = (...args: unknown[]) => {
      const text = format(...args);
      if (logger) logger[level]({ console: method }, text);
      else held.push({ level, text });
    };
  }
  return {
    attach(to) {
      logger = to;
      for (const { level, text } of held.splice(0)) to[level]({ console: level }, text);
    },
    restore() {
      for (const method of ROUTED) console[method] = original[method];
    },
  };
}
