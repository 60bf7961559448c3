/** Settings of one workstation, with typed defaults; stored as settings.json in the data dir. */

import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { isTimeZone } from '@fidelis/shared/ledger/businessDay.js';
import { CURRENCY_CODES, currencyExponent } from '@fidelis/shared/money/currency.js';

export const settingsSchema = z.object({
  branchId: z.string().min(1).default('BR001'),
  deviceId: z.string().min(1),
  /** Who is recorded as actor when a caller names nobody (the CLI on a teller's workstation). */
  defaultActor: z.string().min(1),
  /**
   * The branch's IANA time zone: its business days, report periods, the dashboard's "today" and stand-in limits run
   * on this wall clock. Set when the branch starts (`fidelis settings set time-zone`); UTC until then.
   */
  timeZone: z.string().min(1).refine(isTimeZone, 'Use an IANA time zone such as America/New_York or UTC.').default('UTC'),
  /** How often a command re-decides after losing a race for its stream before it reports the conflict. */
  maxConflictRetries: z.number().int().min(0).max(20).default(3),
  /** Snapshots: the load that takes the events folded past the last snapshot (over one load or several) beyond this saves a new one. */
  snapshotThreshold: z.number().int().min(1).default(100),
  /** Per aggregate type (stream category), overriding snapshotThreshold. */
  snapshotThresholds: z.record(z.string(), z.number().int().min(1)).default({}),
  /** Processing: retries of a failing subscriber (exponential backoff from the base delay) before its event is parked. */
  processingMaxRetries: z.number().int().min(0).max(20).default(3),
  processingRetryBaseMs: z.number().int().min(0).max(60_000).default(200),
  /** Events a subscription reads and writes per batch. */
  processingBatchSize: z.number().int().min(1).max(10_000).default(500),
  /** A subscription further behind the head than this reports itself lagging. */
  processingLagWarning: z.number().int().min(1).default(1_000),
  /** On close, how long subscriptions may take to catch up with the last commands. */
  processingDrainMs: z.number().int().min(0).max(60_000).default(5_000),
  /** Compliance thresholds in major units of the account's currency. */
  alertLargeDeposit: z.string().regex(/^\d+(\.\d+)?$/).default('10000.00'),
  alertLargeWithdrawal: z.string().regex(/^\d+(\.\d+)?$/).default('5000.00'),
  /**
   * Structuring (per customer, across accounts, in USD): this many cash deposits, each at least this share (%) of the
   * CTR threshold and not over it, inside one of the windows (looked at in this order), together over the threshold.
   */
  alertStructuringCount: z.number().int().min(2).max(100).default(3),
  alertStructuringNearPercent: z.number().int().min(1).max(99).default(80),
  alertStructuringWindows: z
    .array(
      z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('businessDays'), days: z.number().int().min(1).max(31) }),
        z.object({ kind: z.literal('rollingHours'), hours: z.number().int().min(1).max(24 * 31) }),
      ]),
    )
    .min(1)
    .default([
      { kind: 'businessDays', days: 1 },
      { kind: 'businessDays', days: 3 },
      { kind: 'rollingHours', hours: 168 },
    ]),
  /** Regulatory reports: cash per customer per business day over this (USD) makes a CTR line; structuring is judged against it too. */
  reportCtrThreshold: z.string().regex(/^\d+(\.\d+)?$/).default('10000.00'),
  /** Regulatory reports: the large-transactions report lists every movement at or over this (major units). */
  reportLargeAmount: z.string().regex(/^\d+(\.\d+)?$/).default('10000.00'),
  /** Where the Reports screen writes its exports; <dataDir>/exports when unset (a temporary folder for an in-memory host). */
  reportExportsFolder: z.string().min(1).max(1000).optional(),
  /** Append one full-state fact event per save of an account (SCENARIOS 18). */
  factEvents: z.boolean().default(true),
  /** Staff: a signed-in session locks after this many minutes without a call; unlocking needs the password again. */
  sessionIdleMinutes: z.number().min(0.01).max(24 * 60).default(10),
  /** Staff: this many wrong passwords within the window lock the user out until the window has passed. */
  signInMaxFailures: z.number().int().min(1).max(100).default(5),
  signInLockoutMinutes: z.number().int().min(1).max(24 * 60).default(15),
  /** Staff: scrypt cost as log2 N (15 = 32 MiB per hash); tests lower it. Existing hashes keep the cost they were made with. */
  kdfLog2Cost: z.number().int().min(4).max(20).default(15),
  /** Dual control: withdrawals, transfers and external payments over this many US dollars need a second person's approval. */
  dualControlAmount: z.string().regex(/^\d+(\.\d+)?$/).default('10000.00'),
  /**
   * Dual control per currency, in that currency's major units ({ "JPY": "1500000" }). A currency not named here is
   * compared with dualControlAmount at its latest recorded rate, and needs approval whenever no rate is recorded.
   */
  dualControlAmounts: z
    .partialRecord(z.enum(CURRENCY_CODES), z.string().regex(/^\d+(\.\d+)?$/))
    .refine((amounts) => Object.entries(amounts).every(([currency, amount]) => ((amount ?? '').split('.')[1] ?? '').length <= currencyExponent(currency)), 'Give each dual-control amount with no more decimals than its currency has.')
    .default({}),
  /** Tills and the vault: a counted difference (over or short) strictly over this, in the currency's major units, needs a supervisor's sign-off. */
  tillSignOffAmount: z.string().regex(/^\d+(\.\d+)?$/).default('10.00'),
  /** Tills: a teller takes in or pays out cash only through their open till (off: cash without one is booked to the branch's teller cash). */
  cashNeedsOpenTill: z.boolean().default(false),
  /** PayFlow (external payments): its API and key. `fidelis payments configure` stores them in the data dir instead; these are defaults. */
  payflowUrl: z.url().optional(),
  payflowApiKey: z.string().min(1).max(500).optional(),
  /** PayFlow: each request gives up after this long. */
  payflowTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  /** PayFlow: retries within one attempt to send a payment (backoff from the base), before it waits in the queue. */
  payflowRetries: z.number().int().min(0).max(10).default(2),
  payflowRetryBaseMs: z.number().int().min(0).max(60_000).default(250),
  /** PayFlow: the queue retries held payments with backoff from this to the maximum. */
  payflowQueueBaseMs: z.number().int().min(10).max(600_000).default(2_000),
  payflowQueueMaxMs: z.number().int().min(10).max(3_600_000).default(300_000),
  /** PayFlow circuit breaker: consecutive failures that open it, and how long it stays open before one probe. */
  payflowBreakerThreshold: z.number().int().min(1).max(100).default(5),
  payflowBreakerCoolDownMs: z.number().int().min(10).max(3_600_000).default(30_000),
  /** How often the workstation reads its branch's PayFlow inbox on the gateway (besides after each sync pass); 0 = only after sync passes. */
  payflowInboxIntervalMs: z.number().int().min(0).max(3_600_000).default(15_000),
  /** Scheduled backups (fidelis backup's kind) go to this folder, best on another disk; none are made while it is unset. */
  backupFolder: z.string().min(1).max(1000).optional(),
  /** A scheduled backup is made this long after the last one (at start too, when one is overdue). */
  backupEveryHours: z.number().min(0.01).max(24 * 31).default(24),
  /** Scheduled backups kept in the folder: older ones are removed once a newer, intact one is written. */
  backupKeep: z.number().int().min(1).max(1000).default(7),
  /** The ledger's hash chain is verified again in the background this long after the last pass finished (and at every start). */
  integrityPassEveryHours: z.number().min(0.01).max(24 * 31).default(24),
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

/** Changes stored settings of a data dir (validated whole, so a bad value is refused before anything is written). */
export function saveSettings(dataDir: string, changes: Partial<Settings>): Settings {
  const path = join(dataDir, FILE);
  const stored: unknown = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
  const settings = settingsSchema.parse({ deviceId: randomUUID(), defaultActor: defaultActor(), ...(stored as object), ...changes });
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path, `${JSON.stringify(settings, null, 2)}\n`);
  return settings;
}

export const inMemorySettings = (overrides: Partial<Settings> = {}): Settings =>
  settingsSchema.parse({ deviceId: randomUUID(), defaultActor: defaultActor(), ...overrides });
