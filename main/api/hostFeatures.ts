/**
 * What the API needs from host capabilities that are still being built (processing, alerts, explorer, tracing,
 * transfers). A host that has one exposes it under this name; the router answers NOT_AVAILABLE while it is missing.
 * Implementers: return the shapes of shared/api/schemas.ts (amounts as decimal strings).
 */

import type { Observable } from 'rxjs';
import type { z } from 'zod';
import type * as s from '@fidelis/shared/api/schemas.js';
import type * as r from '@fidelis/shared/api/reportSchemas.js';
import type * as p from '@fidelis/shared/api/paymentSchemas.js';
import type { Principal } from '@fidelis/shared/staff/roles.js';
import type { Host } from '../host.js';

type Out<T extends z.ZodType> = z.output<T>;
type In<T extends z.ZodType> = z.output<T>;

export interface AlertsFeature {
  list(input: In<typeof s.alertListInput>): Promise<Out<typeof s.alertListResult>>;
  acknowledge(input: In<typeof s.acknowledgeAlertInput> & { actor: string }): Promise<Out<typeof s.alertRow>>;
  openCount(): Promise<number>;
}

export interface ProcessingFeature {
  subscriptions(): Promise<Out<typeof s.subscriptionListResult>>;
  deadLetters(input: In<typeof s.deadLetterListInput>): Promise<Out<typeof s.deadLetterListResult>>;
  replayDeadLetter(id: string): Promise<Out<typeof s.replayResult>>;
  replayAllDeadLetters(subscription: string): Promise<Out<typeof s.replayResult>>;
  purgeDeadLetters(subscription: string): Promise<Out<typeof s.purgeResult>>;
  rebuilds(): Promise<Out<typeof s.rebuildListResult>>;
  startRebuild(projection: string): Promise<Out<typeof s.rebuildStatus>>;
}

export interface ExplorerFeature {
  streams(input: In<typeof s.explorerStreamsInput>): Promise<Out<typeof s.explorerStreamsResult>>;
  types(): Promise<Out<typeof s.explorerTypesResult>>;
  search(input: In<typeof s.explorerSearchInput>): Promise<Out<typeof s.explorerSearchResult>>;
}

export interface TracingFeature {
  trace(correlationId: string): Promise<Out<typeof s.traceResult>>;
}

export interface TransfersFeature {
  list(input: In<typeof s.transferListInput>): Promise<Out<typeof s.transferListResult>>;
  start(input: In<typeof s.startTransferInput>): Promise<Out<typeof s.startTransferResult>>;
}

export interface SyncFeature {
  status(): Promise<Out<typeof s.syncStatusResult>>;
  syncNow(): Promise<Out<typeof s.syncNowResult>>;
  exceptions(input: In<typeof s.syncExceptionsInput>): Promise<Out<typeof s.syncExceptionsResult>>;
  resolve(input: In<typeof s.syncResolveInput>): Promise<Out<typeof s.syncResolveResult>>;
}

/** Reports for the Reports screen: previews, exports as background jobs into a folder main chooses, and that folder. */
export interface ReportsFeature {
  preview(input: In<typeof r.reportPreviewInput>): Promise<Out<typeof r.reportPreviewResult>>;
  startExport(input: In<typeof r.reportExportInput>): Promise<Out<typeof r.reportJobStatus>>;
  job(jobId: string): Promise<Out<typeof r.reportJobStatus>>;
  folder(): Promise<Out<typeof r.reportFolderResult>>;
}

/** External payments through PayFlow: send, list, status, and the day's reconciliation. `by` is the signed-in person (absent: the host's own actor). */
export interface PaymentsFeature {
  list(input: In<typeof p.paymentListInput>): Promise<Out<typeof p.paymentListResult>>;
  send(input: In<typeof p.sendPaymentInput>, by: Principal): Promise<Out<typeof p.sendPaymentResult>>;
  status(): Promise<Out<typeof p.paymentsStatusResult>>;
  reconcile(input: In<typeof p.reconcileInput>, by: Principal): Promise<Out<typeof p.reconcileResult>>;
  reconciliation(input: In<typeof p.reconciliationInput>): Promise<Out<typeof p.reconciliationResult>>;
  resolveItem(input: In<typeof p.resolveItemInput>, by: Principal): Promise<Out<typeof p.resolveItemResult>>;
}

/** Read models and other live state announce changes here; the `readModel` topic relays them by name. */
export interface ReadModelChanges {
  readonly readModelChanged$: Observable<{ name: string; headSeq: number }>;
}

export interface ApiFeatures {
  readonly alertsApi: AlertsFeature;
  readonly processingApi: ProcessingFeature;
  readonly explorerApi: ExplorerFeature;
  readonly tracingApi: TracingFeature;
  readonly transfersApi: TransfersFeature;
  readonly syncApi: SyncFeature;
  readonly reportsApi: ReportsFeature;
  readonly paymentsApi: PaymentsFeature;
  readonly readModelChanges: ReadModelChanges;
}

/** The host the API serves: today's Host plus whichever capabilities exist. */
export type ApiHost = Omit<Host, keyof ApiFeatures> & Partial<ApiFeatures>;
