/**
 * The stage every Chromium journey plays on: a fresh data dir served in browser mode, one Chromium, the people signed
 * up through the API, pages that record their errors, and the checks each screen gets (axe, screenshots).
 */

import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openApiSocket, type ApiSocket } from './apiSocket.js';
import { serveFidelis, type ServedFidelis } from './browserMode.js';
import { launchChromium } from './chromium.js';
import { ensureRendererBuilt, ROOT } from './rendererBuild.js';
import { ADMIN, type E2eUser } from './staffSession.js';

export const ARTIFACTS = join(ROOT, '.test-artifacts');
export const SCREENSHOTS = join(ARTIFACTS, 'screenshots');

export interface Stage {
  readonly served: ServedFidelis;
  /** Errors thrown in any page of the stage: a journey ends by expecting none. */
  readonly pageErrors: string[];
  newPage(): Promise<Page>;
  /** Signs `user` in on an API socket, as the screens do. */
  signedInSocket(user: E2eUser): Promise<ApiSocket>;
  stop(): Promise<void>;
}

/**
 * Serves a fresh data dir and launches Chromium; the administrator is bootstrapped and `staff` provisioned, each with
 * their roles and password.
 */
export async function startStage(name: string, staff: readonly E2eUser[], viewport = { width: 1280, height: 900 }): Promise<Stage> {
  ensureRendererBuilt();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), `fidelis-e2e-${name}-`));
  // A lower scrypt cost than the workstation's: signing in many times must not dominate the run.
  writeFileSync(join(dataDir, 'settings.json'), `${JSON.stringify({ kdfLog2Cost: 12 })}\n`);
  const served = await serveFidelis(dataDir);
  const browser: Browser = await launchChromium();
  const pageErrors: string[] = [];
  const admin = await openApiSocket(served);
  await admin.call('auth.bootstrap', { username: ADMIN.username, displayName: ADMIN.displayName, password: ADMIN.password });
  for (const user of staff) await admin.call('staff.provision', { username: user.username, displayName: user.displayName, roles: user.roles, password: user.password });
  admin.close();
  return {
    served,
    pageErrors,
    async newPage() {
      const context = await browser.newContext({ viewport });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      return page;
    },
    async signedInSocket(user) {
      const socket = await openApiSocket(served);
      await socket.call('auth.signIn', { username: user.username, password: user.password });
      return socket;
    },
    async stop() {
      await browser.close();
      await served.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** axe's serious and critical findings on the page as it is, one line each (none is the goal). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
