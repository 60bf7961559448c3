/** The main window's size and position, kept in a small JSON file in the data dir so the window reopens where the teller left it. */

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const FILE = 'window-state.json';

export const windowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(16_384),
  height: z.number().int().min(300).max(16_384),
  maximized: z.boolean().default(false),
});

export type WindowState = z.infer<typeof windowStateSchema>;

export interface Rectangle {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 800, maximized: false };

export const windowStateFile = (dataDir: string): string => join(dataDir, FILE);

/** The saved state, or the default when there is none or it cannot be read (a corrupt file must never stop the app). */
export function loadWindowState(dataDir: string): WindowState {
  try {
    const parsed = windowStateSchema.safeParse(JSON.parse(readFileSync(windowStateFile(dataDir), 'utf8')));
    return parsed.success ? parsed.data : DEFAULT_WINDOW_STATE;
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
}

/** Writes through a temporary file and a rename, so a crash mid-write leaves the previous state, never half a file. */
export function saveWindowState(dataDir: string, state: WindowState): void {
  const valid = windowStateSchema.parse(state);
  mkdirSync(dataDir, { recursive: true });
  const path = windowStateFile(dataDir);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(valid, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

/**
 * Keeps a saved window reachable: a position on a display that is gone (a laptop off its dock) is dropped so the
 * window opens centred, and a size larger than the display it lands on shrinks to fit.
 */
export function fitToDisplays(state: WindowState, workAreas: readonly Rectangle[]): WindowState {
  const { x, y } = state;
  const area = x !== undefined && y !== undefined ? workAreas.find((a) => overlapsEnough(a, { x, y, width: state.width, height: state.height })) : undefined;
  const target = area ?? workAreas[0];
  const width = target ? Math.min(state.width, target.width) : state.width;
  const height = target ? Math.min(state.height, target.height) : state.height;
  if (!area) return { width, height, maximized: state.maximized };
  return { x, y, width, height, maximized: state.maximized };
}

/** At least a title bar's worth of the window must be on the display for the teller to grab it. */
function overlapsEnough(area: Rectangle, window: Rectangle): boolean {
  const GRAB = 48;
  const left = Math.max(area.x, window.x);
  const right = Math.min(area.x + area.width, window.x + window.width);
  const top = Math.max(area.y, window.y);
  const bottom = Math.min(area.y + area.height, window.y + window.height);
  return right - left >= GRAB && bottom - top >= GRAB && window.y >= area.y - GRAB / 2;
}
