/** Prometheus metrics of one gateway, in its own registry (several gateways in one test process must not share counters). */

import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface GatewayMetrics {
  readonly registry: Registry;
  readonly pushes: Counter<'outcome'>;
  readonly eventsAccepted: Counter;
  readonly conflicts: Counter;
  readonly rejections: Counter<'code'>;
  readonly refusedRequests: Counter<'status'>;
  readonly ingestSeconds: Histogram;
  readonly connectedDevices: Gauge;
  /** PayFlow webhooks by outcome: accepted, duplicate, unroutable, refused. */
  readonly payflowWebhooks: Counter<'outcome'>;
}

export function createGatewayMetrics(): GatewayMetrics {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    pushes: new Counter({ name: 'fidelis_gateway_pushes_total', help: 'Push requests handled, by outcome.', labelNames: ['outcome'], registers }),
    eventsAccepted: new Counter({ name: 'fidelis_gateway_events_accepted_total', help: 'Events stored with a gateway position.', registers }),
    conflicts: new Counter({ name: 'fidelis_gateway_conflicts_total', help: 'Commits refused because their stream had moved or an event id was reused.', registers }),
    rejections: new Counter({ name: 'fidelis_gateway_rejections_total', help: 'Commits refused by the domain rules, by reason code.', labelNames: ['code'], registers }),
    refusedRequests: new Counter({ name: 'fidelis_gateway_refused_requests_total', help: 'Requests refused before any work (401, 403, 400, 413).', labelNames: ['status'], registers }),
    ingestSeconds: new Histogram({
      name: 'fidelis_gateway_ingest_seconds',
      help: 'Time to check and store one push.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    connectedDevices: new Gauge({ name: 'fidelis_gateway_connected_devices', help: 'Devices holding a live stream open.', registers }),
    payflowWebhooks: new Counter({ name: 'fidelis_gateway_payflow_webhooks_total', help: 'PayFlow webhooks received, by outcome.', labelNames: ['outcome'], registers }),
  };
}
