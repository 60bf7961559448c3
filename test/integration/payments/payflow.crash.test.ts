/**
 * A crash between PayFlow accepting a payment and Fidelis recording it (issue 10): a host process on an on-disk data
 * dir is SIGKILLed right after PayFlow's answer; the next process sends the payment again with the same
 * Idempotency-Key, records it once, and applies PayFlow's completion once: one payment at PayFlow, one withdrawal.
 */

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Gateway } from '../../../gateway/server.js';
import { startPayflowSimulator, type PayflowSimulator } from '../../../payflow/simulator/simulator.js';
import { PAYFLOW_PATHS } from '@fidelis/shared/payflow/protocol.js';
import { openTestDatabase, startTestGateway, type TestDatabase } from '../../support/postgres.js';
import { captureStderr, exitOf, spawnScript, stdoutLines } from '../../support/processes.js';
import { makeTempDir, type TempDir } from '../../support/tempDir.js';

const SECRET = 'whsec_crash_test_secret';
const API_KEY = 'pk_crash_test';

let db: TestDatabase;
let gateway: Gateway;
let sim: PayflowSimulator;
let dir: TempDir;

beforeAll(async () => {
  db = await openTestDatabase();
  gateway = await startTestGateway(db, { payflow: { webhookSecret: SECRET } });
  // PayFlow settles at once: its completion webhook is at the gateway before the killed process could record anything.
  sim = await startPayflowSimulator({ webhookUrl: `${gateway.url}${PAYFLOW_PATHS.webhooks}`, webhookSecret: SECRET, apiKey: API_KEY, autoCompleteMs: 0 });
  dir = makeTempDir('fidelis-payflow-crash-');
});

afterAll(async () => {
  await sim?.close();
  await gateway?.close();
  await db?.close();
  dir?.remove();
});

async function runHost(device: { deviceId: string; secret: string }, mode: 'crash' | 'end') {
  const child = spawnScript('payflowCrashChild.ts', [dir.path, sim.url, API_KEY, gateway.url, device.deviceId, device.secret, mode]);
  const stderr = captureStderr(child);
  const lines: string[] = [];
  for await (const line of stdoutLines(child)) lines.push(line);
  const { signal } = await exitOf(child);
  return { lines, signal, stderr: stderr() };
}

it('pays once at PayFlow and withdraws once when the host is killed right after PayFlow accepted the payment', { timeout: 120_000 }, async () => {
  const device = await gateway.addDevice('BR001');
  const crashed = await runHost(device, 'crash');
  expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
  expect(crashed.lines.at(-1)).toMatch(/^accepted pay-1 pf_/);
  const payflowId = crashed.lines.at(-1)!.split(' ')[2];

  const resumed = await runHost(device, 'end');
  const outcome = JSON.parse(resumed.lines.find((l) => l.startsWith('{')) ?? 'null') as {
    payment: { status: string; payflowId: string };
    src: { balance: string; onHold: string };
    srcEvents: string[];
    paymentEvents: string[];
    deadLetters: number;
  } | null;
  expect(outcome, resumed.stderr).not.toBeNull();
  // Sent again with the same key after the restart: PayFlow answered with the payment it already had.
  expect(sim.control.requests().filter((r) => r.idempotencyKey === 'pay-1').length).toBe(2);
  expect(sim.control.payments().filter((p) => p.reference === 'pay-1')).toHaveLength(1);
  expect(outcome!.payment).toMatchObject({ status: 'COMPLETED', payflowId });
  // Recorded once, whatever the first process had queued before PayFlow was configured.
  expect(outcome!.paymentEvents.filter((type) => type !== 'PaymentQueued')).toEqual(['PaymentRequested', 'PaymentFundsHeld', 'PaymentSubmitted', 'PaymentCompleted']);
  expect(outcome!.src).toMatchObject({ balance: '750.00', onHold: '0.00' });
  expect(outcome!.srcEvents).toEqual(['AccountOpened', 'HoldPlaced', 'HoldReleased', `WithdrawalMade payflow-${payflowId}`]);
  expect(outcome!.deadLetters).toBe(0);
});
