/** The IPC channel names of the API transport, shared by the preload and main (no imports: the preload bundle stays tiny). */

export const IPC_CHANNELS = {
  /** invoke(method, input) → ApiResponse */
  call: 'fidelis:api:call',
  /** invoke(subscriptionId, topic, params) → ApiResponse (ok once the topic is live) */
  subscribe: 'fidelis:api:subscribe',
  /** send(subscriptionId) */
  unsubscribe: 'fidelis:api:unsubscribe',
  /** main → renderer: (subscriptionId, event) */
  event: 'fidelis:api:event',
} as const;

/** The one global the preload adds to the page. */
export const BRIDGE_GLOBAL = 'fidelis';
