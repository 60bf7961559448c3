/** Component tests' boundary: a fake main behind the renderer's transport, answering each call as the test says. */

import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { ApiResponse } from '../../shared/api/errors.js';
import type { FidelisBridge } from '../../shared/api/transport.js';
import { createApiClient } from '../../renderer/src/api/apiClient.js';
import { ApiProvider } from '../../renderer/src/api/ApiProvider.js';

export function fakeMain(answer: (method: string, input: Record<string, unknown>) => ApiResponse) {
  const calls: { method: string; input: Record<string, unknown> }[] = [];
  const bridge: FidelisBridge = {
    invoke: async (method, input) => {
      calls.push({ method, input: input as Record<string, unknown> });
      return answer(method, input as Record<string, unknown>);
    },
    subscribe: () => () => {},
  };
  const wrap = (ui: ReactNode) => render(<ApiProvider client={createApiClient(bridge)}>{ui}</ApiProvider>);
  return { calls, wrap };
}
