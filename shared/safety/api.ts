/**
 * The data-safety area's API: what the Operations screen shows of the ledger's health (its files' check, the
 * background verification of the hash chain, damaged streams, what to do) and its backups, and starting one.
 */

import { z } from 'zod';
import { emptyInput, isoTime } from '../api/fields.js';
import { command, query } from '../api/method.js';

export const damagedStream = z.object({
  streamId: z.string(),
  kind: z.string(),
  version: z.number().int(),
  seq: z.number().int(),
  message: z.string(),
  foundAt: isoTime,
});
export type DamagedStreamDto = z.infer<typeof damagedStream>;

export const backupRecord = z.object({
  file: z.string(),
  at: isoTime,
  headSeq: z.number().int(),
  ledgerHeadHash: z.string(),
  /** False when the ledger it copied was already damaged. */
  intact: z.boolean(),
  by: z.string(),
});
export type BackupRecordDto = z.infer<typeof backupRecord>;

export const safetyStatusResult = z.object({
  files: z.array(z.object({ file: z.string(), ok: z.boolean(), problems: z.array(z.string()) })),
  integrity: z.object({
    verifying: z.boolean(),
    /** How far the pass under way (or the last one) has come, of the head. */
    position: z.number().int(),
    headSeq: z.number().int(),
    passStartedAt: isoTime.nullable(),
    lastPass: z.object({ startedAt: isoTime, finishedAt: isoTime, headSeq: z.number().int(), commits: z.number().int(), events: z.number().int() }).nullable(),
    damaged: z.array(damagedStream),
    ledger: z.object({ message: z.string(), foundAt: isoTime }).nullable(),
  }),
  backups: z.object({
    folder: z.string().nullable(),
    everyHours: z.number(),
    keep: z.number().int(),
    running: z.boolean(),
    nextAt: isoTime.nullable(),
    last: backupRecord.nullable(),
    lastFailure: z.object({ at: isoTime, message: z.string() }).nullable(),
  }),
  /** What to do while anything is damaged; null when all is well. */
  whatToDo: z.string().nullable(),
});
export type SafetyStatus = z.infer<typeof safetyStatusResult>;

/** A backup into the configured folder, now. */
export const backupNowResult = backupRecord;

/** The ledger's health and its backups: an administrator's work, as the rest of operations. */
export const safetyMethods = {
  'safety.status': query({ input: emptyInput, result: safetyStatusResult, permission: 'operations' }),
  'safety.backup': command({ input: emptyInput, result: backupNowResult, permission: 'operations' }),
} as const;
