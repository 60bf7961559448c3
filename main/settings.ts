/** Settings of one workstation, with typed defaults; stored as settings.json in the data dir. */

import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

export const settingsSchema = z.object({
  branchId: z.string().min(1).default('BR001'),
  deviceId: z.string().min(1),
  /** Who is recorded as actor when a caller names nobody (the CLI on a teller's workstation). */
  defaultActor: z.string().min(1),
  /** How often a command re-decides after losing a race for its stream before it reports the conflict. */
  maxConflictRetries: z.number().int().min(0).max(20).default(3),
});

export type Settings = z.infer<typeof settingsSchema>;

const FILE = 'settings.json';

const defaultActor = (): string => {
  try {
    return userInfo().username || 'teller';
  } catch {
    return 'teller';
  }
};

/** Reads the data dir's settings, writing them on first use so the device keeps one id for life. */
export function loadSettings(dataDir: string, overrides: Partial<Settings> = {}): Settings {
  const path = join(dataDir, FILE);
  const stored: unknown = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
  const settings = settingsSchema.parse({ deviceId: randomUUID(), defaultActor: defaultActor(), ...(stored as object), ...overrides });
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path, `${JSON.stringify(settings, null, 2)}\n`);
  }
  return settings;
}

export const inMemorySettings = (overrides: Partial<Settings> = {}): Settings =>
  settingsSchema.parse({ deviceId: randomUUID(), defaultActor: defaultActor(), ...overrides });
