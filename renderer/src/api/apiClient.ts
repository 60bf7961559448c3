/** The typed API as screens use it: call a method, follow a topic; refusals arrive as ApiError with code and field. */

import type { MethodInput, MethodName, MethodResult, TopicEvent, TopicName, TopicParams } from '@fidelis/shared/api/contract.js';
import { ApiError } from '@fidelis/shared/api/errors.js';
import type { FidelisBridge } from '@fidelis/shared/api/transport.js';

export interface ApiClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>>;
  subscribe<T extends TopicName>(topic: T, params: TopicParams<T>, listener: (event: TopicEvent<T>) => void): () => void;
}

/** Wraps any transport (WebSocket in browser mode, `window.fidelis` in the desktop app). Main validates; the client trusts main. */
export function createApiClient(transport: FidelisBridge): ApiClient {
  return {
    async call(method, input) {
      const response = await transport.invoke(method, input);
      if (!response.ok) throw new ApiError(response.error);
      return response.result as MethodResult<typeof method>;
    },
    subscribe(topic, params, listener) {
      return transport.subscribe(topic, params, (event) => listener(event as TopicEvent<typeof topic>));
    },
  };
}
