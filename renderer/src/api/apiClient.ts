/** The typed API as screens use it: call a method, follow a topic; refusals arrive as ApiError with code and field. */

import type { MethodInput, MethodName, MethodResult, TopicEvent, TopicName, TopicParams } from '@fidelis/shared/api/contract.js';
import { ApiError, type ApiErrorBody } from '@fidelis/shared/api/errors.js';
import type { FidelisBridge } from '@fidelis/shared/api/transport.js';

export interface ApiClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>>;
  subscribe<T extends TopicName>(topic: T, params: TopicParams<T>, listener: (event: TopicEvent<T>) => void): () => void;
}

/**
 * A refusal in the words of the form it lands on: main's validation names its field first ("holder: Enter the
 * holder."), for the CLI and logs; on a screen the message sits by that field already, so the internal name goes.
 */
export function inFormWords(error: ApiErrorBody): ApiErrorBody {
  if (error.field === undefined) return error;
  const prefix = `${error.field}: `;
  return error.message.startsWith(prefix) ? { ...error, message: error.message.slice(prefix.length) } : error;
}

/** Wraps any transport (WebSocket in browser mode, `window.fidelis` in the desktop app). Main validates; the client trusts main. */
export function createApiClient(transport: FidelisBridge): ApiClient {
  return {
    async call(method, input) {
      const response = await transport.invoke(method, input);
      if (!response.ok) throw new ApiError(inFormWords(response.error));
      return response.result as MethodResult<typeof method>;
    },
    subscribe(topic, params, listener) {
      return transport.subscribe(topic, params, (event) => listener(event as TopicEvent<typeof topic>));
    },
  };
}
