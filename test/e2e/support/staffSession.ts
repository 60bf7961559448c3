/** Signing in through the real sign-in screen in browser mode: the people the e2e journeys act as, and the steps to get in. */

import type { Page } from 'playwright-core';

export interface E2eUser {
  readonly username: string;
  readonly displayName: string;
  readonly password: string;
  readonly roles: readonly ('teller' | 'supervisor' | 'compliance' | 'administrator')[];
}

/** The first administrator (bootstrapped on the fresh data dir) and the people they provision. */
export const ADMIN: E2eUser = { username: 'ada', displayName: 'Ada Admin', password: 'admin passphrase 1', roles: ['administrator'] };
export const TELLER: E2eUser = { username: 'tom', displayName: 'Tom Teller', password: 'teller passphrase 1', roles: ['teller'] };
export const SUPERVISOR: E2eUser = { username: 'sue', displayName: 'Sue Supervisor', password: 'supervisor passphrase 1', roles: ['supervisor'] };
export const COMPLIANCE: E2eUser = { username: 'cora', displayName: 'Cora Compliance', password: 'compliance passphrase 1', roles: ['compliance'] };

/** Signs in on the sign-in screen the page shows, and waits for the app with the person in the header. */
export async function signIn(page: Page, user: E2eUser): Promise<void> {
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.waitFor();
  await form.getByLabel('Username').fill(user.username);
  await form.getByLabel('Password').fill(user.password);
  await form.getByLabel('Password').press('Enter');
  await page.getByTestId('signed-in-user').filter({ hasText: user.displayName }).waitFor();
}

/**
 * Opens the address and signs in (a fresh page has no session of its own). Signing in lands on the person's start
 * screen, so a screen named by the address is opened after.
 */
export async function openSignedIn(page: Page, url: string, user: E2eUser): Promise<void> {
  await page.goto(url);
  await signIn(page, user);
  if (new URL(url).hash !== '') await page.goto(url);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('form', { name: 'Sign in' }).waitFor();
}
