/** The simulator's webhook outbox: signs and posts each event, retries on failure, and can send twice, hold back or reorder on demand. */

import { PAYFLOW_HEADERS, type WebhookEnvelope } from '@fidelis/shared/payflow/protocol.js';
import { signWebhook } from './signing.js';

export interface DeliveryAttempt {
  readonly at: string;
  /** The HTTP status the receiver answered, or undefined when the request itself failed. */
  readonly status?: number;
  readonly error?: string;
}

/** One event as sent (or held): every attempt to deliver it, and whether one was answered 2xx. */
export interface SentWebhook {
  readonly eventId: string;
  readonly type: string;
  readonly body: string;
  readonly attempts: DeliveryAttempt[];
  delivered: boolean;
  /** How many copies were sent on purpose (2 while duplicates are on). */
  copies: number;
}

export interface WebhookSenderOptions {
  readonly secret: string;
  webhookUrl?: string;
  readonly now: () => number;
  /** Attempts per copy before giving up (PayFlow stops retrying). */
  readonly maxAttempts: number;
  /** First retry delay; doubled on each retry. */
  readonly retryBaseMs: number;
}

export interface HoldRule {
  /** Event types to hold back; all types when omitted. */
  readonly types?: readonly string[];
}

export function createWebhookSender(options: WebhookSenderOptions) {
  const sent: SentWebhook[] = [];
  const held: WebhookEnvelope[] = [];
  const inFlight = new Set<Promise<void>>();
  let duplicates = false;
  let hold: HoldRule | undefined;
  let closed = false;

  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  async function post(record: SentWebhook): Promise<boolean> {
    const url = options.webhookUrl;
    if (!url) {
      record.attempts.push({ at: new Date(options.now()).toISOString(), error: 'no webhook URL configured' });
      return false;
    }
    // Signed at send time, as PayFlow does: a retry carries a fresh timestamp over the same body.
    const signature = signWebhook(options.secret, record.body, Math.floor(options.now() / 1000));
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [PAYFLOW_HEADERS.signature]: signature },
        body: record.body,
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer().catch(() => undefined);
      record.attempts.push({ at: new Date(options.now()).toISOString(), status: response.status });
      return response.ok;
    } catch (error) {
      record.attempts.push({ at: new Date(options.now()).toISOString(), error: (error as Error).message });
      return false;
    }
  }

  async function deliverCopy(record: SentWebhook): Promise<void> {
    for (let attempt = 1; attempt <= options.maxAttempts && !closed; attempt++) {
      if (await post(record)) {
        record.delivered = true;
        return;
      }
      if (attempt < options.maxAttempts) await sleep(options.retryBaseMs * 2 ** (attempt - 1));
    }
  }

  function track(work: Promise<void>): Promise<void> {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
    return work;
  }

  function dispatch(event: WebhookEnvelope): Promise<void> {
    const record: SentWebhook = { eventId: event.id, type: event.type, body: JSON.stringify(event), attempts: [], delivered: false, copies: duplicates ? 2 : 1 };
    sent.push(record);
    return track(
      (async () => {
        await deliverCopy(record);
        // The same event again, as a processor whose acknowledgement got lost would send it.
        if (record.copies === 2) await deliverCopy(record);
      })(),
    );
  }

  return {
    /** Sends now, or holds the event back when a hold rule covers its type. */
    send(event: WebhookEnvelope): Promise<void> {
      if (hold && (!hold.types || hold.types.includes(event.type))) {
        held.push(event);
        return Promise.resolve();
      }
      return dispatch(event);
    },
    setDuplicates(on: boolean) {
      duplicates = on;
    },
    /** Starts (a rule) or stops (undefined) holding events back; stopping does not release what is held. */
    setHold(rule: HoldRule | undefined) {
      hold = rule;
    },
    /** Sends what was held, oldest first or newest first, after everything already sent: out of order by construction. */
    async release(order: 'oldest-first' | 'newest-first' = 'oldest-first'): Promise<number> {
      const events = held.splice(0, held.length);
      if (order === 'newest-first') events.reverse();
      for (const event of events) await dispatch(event);
      return events.length;
    },
    held: (): readonly WebhookEnvelope[] => [...held],
    sent: (): readonly SentWebhook[] => sent,
    setWebhookUrl(url: string | undefined) {
      options.webhookUrl = url;
    },
    /** Resolves once every delivery under way (retries included) has finished. */
    async flush(): Promise<void> {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    close() {
      closed = true;
    },
  };
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;
