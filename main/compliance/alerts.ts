/**
 * Compliance alerts and notifications as staff see them: list alerts, acknowledge one (an AlertAcknowledged event, which
 * the compliance handler folds into the alert), list notifications.
 */

import type { AcknowledgeAlert } from '@fidelis/shared/compliance/acknowledgement.js';
import { DomainError, isDomainError } from '@fidelis/shared/errors.js';
import type { ExecuteCommand } from '../handlers/handler.js';
import type { Logger } from '../log.js';
import type { ReadModelStore } from '../projections/readModelStore.js';
import { NOTIFICATIONS_SLOT, type NotificationRecord } from '../handlers/ledgerHandlers.js';
import { acknowledgementOf, ALERTS_SLOT, withAcknowledgement, type AlertRecord, type AlertStatus } from './complianceAlertsHandler.js';

export interface Alerts {
  list(options?: { status?: AlertStatus; accountId?: string }): Promise<AlertRecord[]>;
  get(id: string): Promise<AlertRecord>;
  /**
   * Records `by`'s acknowledgement of the alert as it stands and answers the alert acknowledged; an alert already
   * acknowledged is answered as it is, with nothing recorded. Who may is the door's to check ('alerts': the API, the CLI).
   */
  acknowledge(id: string, by: string, note?: string): Promise<AlertRecord>;
  notifications(options?: { accountId?: string }): Promise<NotificationRecord[]>;
  /**
   * Records as events, once, the acknowledgements made before they were events (kept in the alerts slot alone);
   * answers how many it recorded.
   */
  recordSlotAcknowledgements(): Promise<number>;
  /** Starts recordSlotAcknowledgements in the background (the host does, at start). */
  start(): void;
  /** Waits for that background work, which stops after the alert it is at. */
  stop(): Promise<void>;
}

export interface AlertsDeps {
  readonly store: ReadModelStore;
  /** Main's own command path (executeInternal): the command names the alert as found here, so no caller may send it. */
  readonly execute: ExecuteCommand;
  /** Resolves once the compliance handler has handled everything up to `seq` (at once when it is paused or stopped). */
  handlerReached(seq: number): Promise<void>;
  headSeq(): number;
  readonly logger: Logger;
  /** The longest `acknowledge` waits for the handler before answering from the event itself. */
  readonly handlerWaitMs?: number;
}

/** Long enough for a handler that is keeping up (it yields to live commands for up to 250 ms), short enough for a screen. */
const HANDLER_WAIT_MS = 5_000;

/** The process named in the meta of an acknowledgement recorded from the alerts slot: the person stays the actor. */
export const SLOT_ACKNOWLEDGEMENT_MIGRATION = 'alert-acknowledgement-migration';

const transactionsOf = (alert: AlertRecord): number => (alert.eventIds ?? []).length;

export function createAlerts(deps: AlertsDeps): Alerts {
  const { store, execute, logger } = deps;
  let background: Promise<void> | undefined;
  let stopping = false;

  /** True when the handler got to `seq` within the wait. */
  async function handlerReachedWithin(seq: number): Promise<boolean> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), deps.handlerWaitMs ?? HANDLER_WAIT_MS)));
    try {
      // A handler that is not subscribed (removed by hand) is one that did not get there: the event stands either way.
      return await Promise.race([deps.handlerReached(seq).then(() => true, () => false), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Acknowledgements made before they were events live only in the alerts slot (an ACKNOWLEDGED record with no
   * acknowledgedEventId): each is recorded once as an AlertAcknowledged naming who made it and when, so a rebuilt slot
   * keeps it and the audit trail shows it. Running again finds none left, or records nothing (the alert's stream says
   * it is acknowledged as it stands).
   */
  async function recordSlotAcknowledgements(): Promise<number> {
    const earlier = await store.find<AlertRecord>(ALERTS_SLOT, { where: { status: 'ACKNOWLEDGED', acknowledgedEventId: { $exists: false } }, orderBy: 'seq' });
    let recorded = 0;
    for (const alert of earlier) {
      if (stopping) break;
      const by = alert.acknowledgedBy?.trim();
      const command: AcknowledgeAlert = {
        type: 'AcknowledgeAlert',
        alertId: alert.id,
        transactions: transactionsOf(alert),
        ...(alert.note?.trim() ? { note: alert.note } : {}),
        ...(by ? { acknowledgedBy: by } : {}),
        ...(alert.acknowledgedAt ? { acknowledgedAt: alert.acknowledgedAt } : {}),
      };
      try {
        // Done for the person who acknowledged it, by this migration (signed by the workstation, as process steps are).
        const outcome = await execute(command, { ...(by && by.length <= 100 ? { actor: by } : {}), process: SLOT_ACKNOWLEDGEMENT_MIGRATION });
        recorded += outcome.events.length;
      } catch (error) {
        // One record the schema refuses (a malformed old field) must not keep the others from being recorded.
        if (!isDomainError(error)) throw error;
        logger.warn({ alert: alert.id, err: error }, 'an acknowledgement from before they were events could not be recorded as one: it stays in the alerts slot only');
      }
    }
    if (recorded > 0) logger.info({ recorded }, 'acknowledgements from before they were events recorded as AlertAcknowledged events');
    return recorded;
  }

  const alerts: Alerts = {
    async list({ status, accountId } = {}) {
      const found = await store.find<AlertRecord>(ALERTS_SLOT, { where: status ? { status } : {}, orderBy: 'seq' });
      // A structuring alert spans accounts: it belongs to each account one of its transactions touched.
      return accountId === undefined ? found : found.filter((a) => a.accountId === accountId || (a.transactions ?? []).some((t) => t.accountId === accountId));
    },
    async get(id) {
      const alert = await store.get<AlertRecord>(ALERTS_SLOT, id);
      if (!alert) throw new DomainError('NOT_FOUND', `No alert ${id}. Run fidelis alerts list for the open ones.`, 'id');
      return alert;
    },
    async acknowledge(id, by, note) {
      // An unknown alert is refused here, before anything is recorded: the alert's own stream cannot know it exists.
      const alert = await alerts.get(id);
      if (alert.status === 'ACKNOWLEDGED') return alert;
      const given = note?.trim();
      const command: AcknowledgeAlert = { type: 'AcknowledgeAlert', alertId: alert.id, transactions: transactionsOf(alert), ...(given ? { note: given } : {}) };
      const outcome = await execute(command, { actor: by });
      const event = outcome.events[0];
      // The handler folds the event in the background. Screens list the alerts again as soon as this answers, so it
      // waits for the handler to get there (bounded: a handler far behind, in a rebuild or a backlog, must not hold
      // a reviewer's screen) and answers the alert as the slot then holds it.
      const reached = await handlerReachedWithin(event?.seq ?? deps.headSeq());
      const current = reached ? await store.get<AlertRecord>(ALERTS_SLOT, id) : undefined;
      // Nothing recorded: another acknowledgement of the alert as it stands got there first.
      if (!event) return current ?? alert;
      // Folded in, or the series grew meanwhile and the alert is open again with the new deposits: the reviewer sees that.
      if (current && (current.acknowledgedEventId === event.id || transactionsOf(current) > transactionsOf(alert))) return current;
      // The handler has not got there yet: the handler's own fold of this event into the alert as read here, which is
      // what the slot will hold once it does.
      return withAcknowledgement(alert, acknowledgementOf(event));
    },
    notifications: ({ accountId } = {}) => store.find<NotificationRecord>(NOTIFICATIONS_SLOT, { where: accountId ? { accountId } : {}, orderBy: 'seq' }),
    recordSlotAcknowledgements,
    start() {
      background ??= recordSlotAcknowledgements().then(
        () => undefined,
        (error: unknown) => {
          if (!stopping) logger.error({ err: error }, 'recording acknowledgements from before they were events failed: they stay in the alerts slot; the next start tries again');
        },
      );
    },
    async stop() {
      stopping = true;
      await background;
    },
  };
  return alerts;
}
