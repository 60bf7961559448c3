/**
 * Prometheus metrics of one host, in its own prom-client Registry (never the global one): commands, events, append
 * latency, subscriptions. prom-client loads on first use: a host that runs no command (a CLI read) never loads it.
 */

import type * as PromClient from 'prom-client';
import type { EventStore } from '../store/eventStore.js';
import type { SubscriptionHealth, SubscriptionStatus } from './subscription.js';

export interface LedgerMetrics {
  commandFinished(type: string, outcome: 'accepted' | 'duplicate' | 'refused' | 'failed', seconds: number): void;
  /** The store with its appends timed. */
  timedStore(store: EventStore): EventStore;
  /** The metrics in Prometheus text format. */
  text(): Promise<string>;
  stop(): void;
}

const HEALTH_CODES: Record<SubscriptionHealth, number> = { ok: 0, lagging: 1, failing: 2, rebuilding: 3 };

interface Instruments {
  readonly registry: PromClient.Registry;
  readonly commands: PromClient.Counter;
  readonly commandSeconds: PromClient.Histogram;
  readonly events: PromClient.Counter;
  readonly appendSeconds: PromClient.Histogram;
}

function createInstruments({ Counter, Gauge, Histogram, Registry }: typeof PromClient, store: EventStore, statuses: () => Promise<SubscriptionStatus[]>): Instruments {
  const registry = new Registry();
  const commands = new Counter({ name: 'fidelis_commands_total', help: 'Commands handled, by type and outcome.', labelNames: ['type', 'outcome'], registers: [registry] });
  const commandSeconds = new Histogram({
    name: 'fidelis_command_duration_seconds',
    help: 'Time from a command arriving to its events being durable and inline projections up to date.',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const events = new Counter({ name: 'fidelis_events_appended_total', help: 'Events made durable, by stored type.', labelNames: ['type'], registers: [registry] });
  const appendSeconds = new Histogram({
    name: 'fidelis_append_latency_seconds',
    help: 'Time an append waits for its group commit to be durable.',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  new Gauge({
    name: 'fidelis_store_head_seq',
    help: 'The seq of the last durable event.',
    registers: [registry],
    collect() {
      this.set(store.headSeq());
    },
  });
  let latest: Promise<SubscriptionStatus[]> | undefined;
  const snapshot = () => (latest ??= statuses().finally(() => setTimeout(() => (latest = undefined), 0)));
  const perSubscription = (name: string, help: string, value: (status: SubscriptionStatus) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['subscription'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const status of await snapshot()) this.set({ subscription: status.name }, value(status));
      },
    });
  perSubscription('fidelis_subscription_lag', 'Events between a subscription\'s checkpoint and the head.', (s) => s.lag);
  perSubscription('fidelis_subscription_dead_letters', 'Events in a subscription\'s dead-letter queue.', (s) => s.deadLetters);
  perSubscription('fidelis_subscription_status', 'Subscription health: 0 ok, 1 lagging, 2 failing, 3 rebuilding.', (s) => HEALTH_CODES[s.status]);
  perSubscription('fidelis_subscription_position', 'The seq a subscription has handled up to.', (s) => s.position);

  return { registry, commands, commandSeconds, events, appendSeconds };
}

export function createLedgerMetrics(store: EventStore, statuses: () => Promise<SubscriptionStatus[]>): LedgerMetrics {
  let loaded: Instruments | undefined;
  let loading: Promise<Instruments> | undefined;
  // What was measured while prom-client loads (a few milliseconds), written once it has.
  const pending: ((instruments: Instruments) => void)[] = [];
  const instruments = (): Promise<Instruments> =>
    (loading ??= import('prom-client').then((client) => {
      loaded = createInstruments(client, store, statuses);
      for (const write of pending.splice(0)) write(loaded);
      return loaded;
    }));
  const record = (write: (instruments: Instruments) => void): void => {
    if (loaded) return write(loaded);
    pending.push(write);
    // A failed load is reported by text(), the one caller that waits for it.
    instruments().catch(() => {});
  };

  const appended = store.appended$.subscribe((batch) => record(({ events }) => batch.forEach((event) => events.inc({ type: event.type }))));

  return {
    commandFinished(type, outcome, seconds) {
      record(({ commands, commandSeconds }) => {
        commands.inc({ type, outcome });
        commandSeconds.observe(seconds);
      });
    },
    timedStore(target) {
      return {
        ...target,
        async append(request) {
          const started = performance.now();
          try {
            return await target.append(request);
          } finally {
            const seconds = (performance.now() - started) / 1000;
            record(({ appendSeconds }) => appendSeconds.observe(seconds));
          }
        },
      };
    },
    text: async () => (await instruments()).registry.metrics(),
    stop() {
      appended.unsubscribe();
    },
  };
}
