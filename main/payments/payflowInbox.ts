/**
 * The PayFlow inbox: reads the webhooks the gateway received for this branch (GET /v1/payflow/inbox, device-signed
 * like a pull) after each sync pass (the interval runs one), and records each one once, raw, in its own stream
 * (`payflowmsg-<externalId>`). The cursor lives in the sync module's `syncstate` collection. A message delivered
 * again finds its stream and adds nothing; the anti-corruption layer (payflowAcl.ts) acts on what was recorded.
 */

import type { RxCollection } from 'rxdb';
import type { Observable, Subscription } from 'rxjs';
import { DomainError } from '@fidelis/shared/errors.js';
import type { CommandMetaInput } from '@fidelis/shared/ledger/commands.js';
import type { InboxResponse } from '@fidelis/shared/payflow/protocol.js';
import type { CommandOutcome } from '../ledger/commandPipeline.js';
import type { Logger } from '../log.js';
import type { SyncStateDocument } from '../sync/syncStateSchema.js';

const CURSOR_ID = 'payflow-inbox';
const PAGE = 100;

export interface PayflowInboxDeps {
  readonly syncstate: RxCollection<SyncStateDocument>;
  /** The signed gateway client; rejects with SYNC_NOT_CONFIGURED when the workstation has no gateway. */
  gateway(): Promise<{ payflowInbox(after: number, limit: number): Promise<InboxResponse> }>;
  readonly passes$: Observable<unknown>;
  /**
   * A full sync pass: the interval runs one rather than a bare read, so the workstation counts as online (offline
   * stand-in limits would refuse the withdrawals PayFlow's completions cause), and the pass's end reads the inbox.
   */
  syncNow(): Promise<unknown>;
  /** The interval syncs only while the sync loop runs: a stopped or offline workstation is left alone. */
  isSyncRunning(): boolean;
  execute(request: unknown, meta: CommandMetaInput): Promise<CommandOutcome>;
  readonly logger: Logger;
  readonly intervalMs: number;
}

export interface PayflowInbox {
  /** Reads every new message now; resolves with how many were recorded. */
  pull(): Promise<{ received: number; duplicates: number; checkpoint: number }>;
  start(): void;
  close(): Promise<void>;
}

export function createPayflowInbox(deps: PayflowInboxDeps): PayflowInbox {
  let chain: Promise<unknown> = Promise.resolve();
  let passes: Subscription | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function cursor(): Promise<number> {
    const doc = await deps.syncstate.findOne(CURSOR_ID).exec();
    const after = doc?.toMutableJSON().data.after;
    return typeof after === 'number' ? after : 0;
  }

  const saveCursor = (after: number) => deps.syncstate.upsert({ id: CURSOR_ID, kind: 'cursor', status: 'set', seq: 0, data: { after } });

  async function pullAll() {
    const gateway = await deps.gateway();
    let after = await cursor();
    let received = 0;
    let duplicates = 0;
    for (;;) {
      const page = await gateway.payflowInbox(after, PAGE);
      for (const message of page.messages) {
        try {
          const outcome = await deps.execute(
            { type: 'ReceivePayflowMessage', externalId: message.externalId, messageType: message.type, receivedAt: message.receivedAt, position: message.position, payload: message.payload },
            { commandId: `payflow-inbox:${message.externalId}`, actor: 'payflow' },
          );
          if (outcome.duplicate) duplicates++;
          else received++;
        } catch (error) {
          // The stream exists already (the same webhook id at another position): recorded once is enough.
          if (!(error instanceof DomainError && (error.code === 'VALIDATION' || error.code === 'IDEMPOTENCY_CONFLICT'))) throw error;
          duplicates++;
        }
      }
      // Saved after the page is recorded: a crash in between reads the page again, and its messages are duplicates.
      if (page.checkpoint !== after) await saveCursor(page.checkpoint);
      after = page.checkpoint;
      if (page.messages.length === 0 || after >= page.head) break;
    }
    if (received > 0) deps.logger.info({ received, duplicates, checkpoint: after }, 'PayFlow inbox read');
    return { received, duplicates, checkpoint: after };
  }

  function pull() {
    const next = chain.then(pullAll, pullAll);
    chain = next.catch(() => undefined);
    return next;
  }

  const background = () =>
    void pull().catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'SYNC_NOT_CONFIGURED') return;
      deps.logger.warn({ err: error }, 'PayFlow inbox read failed');
    });

  return {
    pull,
    start() {
      passes ??= deps.passes$.subscribe(() => background());
      if (deps.intervalMs > 0 && timer === undefined) {
        timer = setInterval(() => {
          if (!deps.isSyncRunning()) return;
          deps.syncNow().catch((error: unknown) => {
            if (error instanceof DomainError && error.code === 'SYNC_NOT_CONFIGURED') return;
            deps.logger.warn({ err: error }, 'sync pass before reading the PayFlow inbox failed');
          });
        }, deps.intervalMs);
        timer.unref();
      }
    },
    async close() {
      passes?.unsubscribe();
      clearInterval(timer);
      await chain;
    },
  };
}
