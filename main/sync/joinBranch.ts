/**
 * Joining a branch: a workstation with no ledger takes the gateway's device id and branch as its own, saves the
 * gateway configuration and pulls the branch's staff and ledger, reporting progress as the gateway positions arrive.
 */

import type { Observable } from 'rxjs';
import { categoryOf, type EventEnvelope } from '@fidelis/shared/events/envelope.js';
import { DomainError } from '@fidelis/shared/errors.js';
import { STAFF_CATEGORY } from '@fidelis/shared/staff/events.js';
import { parseOrThrow } from '@fidelis/shared/validation.js';
import { createGatewayClient, GatewayHttpError, type GatewayCredentials } from './gatewayClient.js';
import { describeSyncError } from './gatewayConnection.js';
import { syncConfigSchema } from './syncRecords.js';
import type { SyncReport } from './syncReport.js';

/** Who this workstation is from now on: the gateway's device id and the branch that device belongs to. */
export interface WorkstationIdentity {
  readonly deviceId: string;
  readonly branchId: string;
}

export interface JoinResult extends WorkstationIdentity {
  /** Events pulled, streams of the branch, and how many of those are staff members. */
  readonly events: number;
  readonly streams: number;
  readonly staff: number;
  /** Pulled commits this workstation refused to apply (they wait in the exception queue). */
  readonly exceptions: number;
}

export type JoinProgress = (done: number, total: number, label: string) => void;

export interface JoinDeps {
  /** Events in the local ledger (0 when it holds none). */
  readonly headSeq: () => number;
  readonly appended$: Observable<readonly EventEnvelope[]>;
  readonly adoptIdentity: (identity: WorkstationIdentity) => Promise<void>;
  /** Saves the gateway configuration, marked as joined to the branch. */
  readonly configure: (config: GatewayCredentials & { joinedBranch: string }) => Promise<unknown>;
  /** The configuration saved by an earlier join of this data dir, if one began. */
  readonly joined: () => Promise<{ deviceId: string; joinedBranch?: string | undefined } | undefined>;
  /** One sync pass with the saved configuration. */
  readonly pass: () => Promise<SyncReport>;
  readonly timeoutMs: number;
}

export const PULL_LABEL = 'Pulling the branch';

/** What a refused or unreachable gateway means to the person joining, in their words. */
function gatewayRefusal(error: unknown, gatewayUrl: string): DomainError {
  if (error instanceof GatewayHttpError && (error.status === 401 || error.status === 403)) {
    return new DomainError('JOIN_REFUSED', 'The gateway did not accept this device id and secret: check them with the administrator who added the device (a revoked device cannot join).', 'secret');
  }
  return new DomainError('SYNC_UNAVAILABLE', `The gateway at ${gatewayUrl} could not be reached: ${describeSyncError(error)}`, 'gatewayUrl');
}

export async function joinBranch(deps: JoinDeps, input: GatewayCredentials, progress: JoinProgress = () => {}): Promise<JoinResult> {
  const { gatewayUrl, deviceId, secret } = parseOrThrow(syncConfigSchema, input);
  const credentials = { gatewayUrl, deviceId, secret };
  const earlier = await deps.joined();
  // A join cut short (the network went) may go on: the ledger holds only what the branch sent this device.
  const resuming = earlier?.joinedBranch !== undefined && earlier.deviceId === deviceId;
  if (deps.headSeq() > 0 && !resuming) {
    throw new DomainError('LEDGER_NOT_EMPTY', 'This workstation already holds a ledger: only a workstation with an empty data folder can join a branch.');
  }
  const client = createGatewayClient(credentials, { timeoutMs: deps.timeoutMs });
  // The first page says which branch the device belongs to (every event names it) and how far the branch goes.
  const first = await client.pull(0, 1).catch((error: unknown) => {
    throw gatewayRefusal(error, credentials.gatewayUrl);
  });
  const branchId = first.events[0]?.event.meta.branchId;
  if (branchId === undefined) {
    throw new DomainError('BRANCH_EMPTY', 'The branch behind this device has no staff or ledger yet: start a new branch here instead, then point sync at the gateway.');
  }
  await deps.adoptIdentity({ deviceId: credentials.deviceId, branchId });
  await deps.configure({ ...credentials, joinedBranch: branchId });

  const total = first.head;
  let done = 0;
  progress(0, total, PULL_LABEL);
  const watching = deps.appended$.subscribe((events) => {
    const reached = Math.max(done, ...events.map((e) => e.gpos ?? 0));
    if (reached > done && reached < total) progress((done = reached), total, PULL_LABEL);
  });
  let report: SyncReport;
  try {
    report = await deps.pass();
  } catch (error) {
    throw error instanceof DomainError ? error : gatewayRefusal(error, credentials.gatewayUrl);
  } finally {
    watching.unsubscribe();
  }
  progress(total, total, PULL_LABEL);
  const heads = await client.streamHeads().catch((error: unknown) => {
    throw gatewayRefusal(error, credentials.gatewayUrl);
  });
  return {
    deviceId: credentials.deviceId,
    branchId,
    events: report.pulled,
    streams: heads.length,
    staff: heads.filter((h) => categoryOf(h.streamId) === STAFF_CATEGORY).length,
    exceptions: report.exceptions,
  };
}

/** A joined workstation's staff are the branch's: a first administrator of its own would fork them. */
export function refuseBootstrapWhenJoined<S extends { bootstrap(...args: never[]): Promise<unknown> }>(staff: S, joinedBranch: () => Promise<string | undefined>): S {
  return {
    ...staff,
    bootstrap: (async (...args: Parameters<S['bootstrap']>) => {
      if ((await joinedBranch()) !== undefined) {
        throw new DomainError('BRANCH_JOINED', "This workstation joined a branch: its staff are the branch's. Sign in with an account an administrator made for you.");
      }
      return staff.bootstrap(...args);
    }) as S['bootstrap'],
  };
}
