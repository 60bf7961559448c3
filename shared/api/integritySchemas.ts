/** API shapes of tamper evidence: the result of recomputing the ledger's hash chain ('ops.verify'). */

import { z } from 'zod';

export const brokenLinkSchema = z.object({
  kind: z.enum(['content-changed', 'hash-missing', 'commit-removed', 'version-gap']),
  streamId: z.string(),
  version: z.number().int(),
  commitId: z.string(),
  seq: z.number().int(),
  expected: z.string(),
  found: z.string(),
  message: z.string(),
});

export const ledgerVerificationResult = z.object({
  ok: z.boolean(),
  commits: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  streams: z.number().int().nonnegative(),
  headSeq: z.number().int().nonnegative(),
  ledgerHeadHash: z.string(),
  firstBreak: brokenLinkSchema.nullable(),
  breaks: z.number().int().nonnegative(),
});
export type LedgerVerificationResult = z.infer<typeof ledgerVerificationResult>;
