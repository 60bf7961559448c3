/**
 * The one typed channel map between the renderer and main: every command and query with its input and result
 * schema, and every live topic with its parameters and event. Main validates every input: the renderer is untrusted.
 */

import { z } from 'zod';
import * as s from './schemas.js';
import * as r from './reportSchemas.js';
import * as a from './authSchemas.js';
import * as p from './paymentSchemas.js';
import * as i from './integritySchemas.js';

interface MethodSpec {
  readonly kind: 'command' | 'query';
  readonly input: z.ZodType;
  readonly result: z.ZodType;
  /** The host capability the method needs; without it the call answers NOT_AVAILABLE. */
  readonly feature?: s.Feature;
}

const query = <I extends z.ZodType, R extends z.ZodType>(input: I, result: R, feature?: s.Feature) =>
  ({ kind: 'query', input, result, ...(feature ? { feature } : {}) }) as const;
const command = <I extends z.ZodType, R extends z.ZodType>(input: I, result: R, feature?: s.Feature) =>
  ({ kind: 'command', input, result, ...(feature ? { feature } : {}) }) as const;

export const apiMethods = {
  'system.capabilities': query(s.emptyInput, s.capabilitiesResult),

  'auth.status': query(s.emptyInput, a.authStatusResult),
  'auth.bootstrap': command(a.bootstrapInput, a.sessionResult),
  'auth.signIn': command(a.signInInput, a.sessionResult),
  'auth.signOut': command(s.emptyInput, a.signOutResult),
  'auth.unlock': command(a.unlockInput, a.sessionResult),
  'auth.lock': command(s.emptyInput, a.sessionResult),
  'auth.resume': command(a.resumeInput, a.sessionResult),

  'staff.list': query(s.emptyInput, a.staffListResult),
  'staff.provision': command(a.provisionStaffInput, a.staffUsernameResult),
  'staff.disable': command(a.disableStaffInput, a.staffUsernameResult),

  'accounts.list': query(s.accountListInput, s.accountListResult),
  'account.get': query(s.accountGetInput, s.accountGetResult),
  'account.timeline': query(s.timelineInput, s.timelineResult),
  'account.open': command(s.openAccountInput, s.commandResult),
  'account.deposit': command(s.depositInput, s.commandResult),
  'account.withdraw': command(s.withdrawInput, s.commandResult),
  'account.close': command(s.closeAccountInput, s.commandResult),
  'account.reverse': command(s.reverseMovementInput, s.commandResult),

  'dashboard.activity': query(s.dashboardInput, s.dashboardResult),

  'alerts.list': query(s.alertListInput, s.alertListResult, 'alerts'),
  'alerts.acknowledge': command(s.acknowledgeAlertInput, s.alertRow, 'alerts'),

  'ops.subscriptions': query(s.emptyInput, s.subscriptionListResult, 'processing'),
  'ops.deadLetters': query(s.deadLetterListInput, s.deadLetterListResult, 'processing'),
  'ops.replayDeadLetter': command(s.replayDeadLetterInput, s.replayResult, 'processing'),
  'ops.replayAllDeadLetters': command(s.replayAllInput, s.replayResult, 'processing'),
  'ops.purgeDeadLetters': command(s.purgeDeadLettersInput, s.purgeResult, 'processing'),
  'ops.rebuilds': query(s.emptyInput, s.rebuildListResult, 'processing'),
  'ops.startRebuild': command(s.rebuildInput, s.rebuildStatus, 'processing'),
  'ops.verify': query(s.emptyInput, i.ledgerVerificationResult),

  'explorer.streams': query(s.explorerStreamsInput, s.explorerStreamsResult, 'explorer'),
  'explorer.types': query(s.emptyInput, s.explorerTypesResult, 'explorer'),
  'explorer.search': query(s.explorerSearchInput, s.explorerSearchResult, 'explorer'),
  'explorer.trace': query(s.traceInput, s.traceResult, 'tracing'),

  'transfers.list': query(s.transferListInput, s.transferListResult, 'transfers'),
  'transfers.start': command(s.startTransferInput, s.startTransferResult, 'transfers'),

  'sync.status': query(s.emptyInput, s.syncStatusResult, 'sync'),
  'sync.now': command(s.emptyInput, s.syncNowResult, 'sync'),
  'sync.exceptions': query(s.syncExceptionsInput, s.syncExceptionsResult, 'sync'),
  'sync.resolve': command(s.syncResolveInput, s.syncResolveResult, 'sync'),

  'reports.preview': query(r.reportPreviewInput, r.reportPreviewResult, 'reports'),
  'reports.export': command(r.reportExportInput, r.reportJobStatus, 'reports'),
  'reports.job': query(r.reportJobInput, r.reportJobStatus, 'reports'),
  'reports.folder': query(s.emptyInput, r.reportFolderResult, 'reports'),

  'payments.list': query(p.paymentListInput, p.paymentListResult, 'payments'),
  'payments.send': command(p.sendPaymentInput, p.sendPaymentResult, 'payments'),
  'payments.status': query(s.emptyInput, p.paymentsStatusResult, 'payments'),
  'payments.reconcile': command(p.reconcileInput, p.reconcileResult, 'payments'),
  'payments.reconciliation': query(p.reconciliationInput, p.reconciliationResult, 'payments'),
  'payments.resolveItem': command(p.resolveItemInput, p.resolveItemResult, 'payments'),
} as const satisfies Record<string, MethodSpec>;

export type ApiMethods = typeof apiMethods;
export type MethodName = keyof ApiMethods;
/** What a caller passes (defaults may be left out). */
export type MethodInput<M extends MethodName> = z.input<ApiMethods[M]['input']>;
/** What a handler receives, after validation and defaults. */
export type MethodParsedInput<M extends MethodName> = z.output<ApiMethods[M]['input']>;
export type MethodResult<M extends MethodName> = z.output<ApiMethods[M]['result']>;

export const isMethodName = (name: string): name is MethodName => Object.hasOwn(apiMethods, name);

/** Live topics: main pushes an event whenever what the topic covers changes; screens re-read what they show. */
export const apiTopics = {
  /** One stream changed (an account's events): its new version and the store position. */
  stream: { params: z.object({ streamId: z.string().trim().min(1).max(200) }), event: z.object({ streamId: z.string(), version: z.number().int(), headSeq: z.number().int() }) },
  /** Anything in the store changed, optionally limited to one category (account, transfer…). */
  store: {
    params: z.object({ category: z.string().trim().min(1).max(60).optional() }),
    event: z.object({ headSeq: z.number().int(), streamIds: z.array(z.string()) }),
  },
  /** A read model, subscription status or alert list changed (pushed by hosts that have them). */
  readModel: { params: z.object({ name: z.string().trim().min(1).max(100) }), event: z.object({ name: z.string(), headSeq: z.number().int() }) },
} as const;

export type ApiTopics = typeof apiTopics;
export type TopicName = keyof ApiTopics;
export type TopicParams<T extends TopicName> = z.input<ApiTopics[T]['params']>;
export type TopicEvent<T extends TopicName> = z.output<ApiTopics[T]['event']>;

export const isTopicName = (name: string): name is TopicName => Object.hasOwn(apiTopics, name);
