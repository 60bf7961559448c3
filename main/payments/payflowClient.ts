/** HTTP calls to PayFlow: create a payment (Idempotency-Key = our payment id) and read a day's settlements, with timeouts. */

import {
  PAYFLOW_PATHS,
  payflowErrorSchema,
  paymentResponseSchema,
  settlementListSchema,
  type PaymentRequest,
  type PaymentResponse,
  type SettlementList,
} from '@fidelis/shared/payflow/protocol.js';

export interface PayflowConnection {
  readonly url: string;
  readonly apiKey: string;
}

/** PayFlow answered with an error status. 5xx, 408 and 429 may succeed later; the rest (400, 401, 409…) will not as they are. */
export class PayflowHttpError extends Error {
  override name = 'PayflowHttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(`PayFlow answered ${status}${code ? ` ${code}` : ''}: ${detail.slice(0, 300)}`);
  }
  get retryable(): boolean {
    return this.status >= 500 || this.status === 408 || this.status === 429;
  }
}

/** Whether a failed call may succeed if tried again: network errors and timeouts may, refusals may not. */
export const isRetryable = (error: unknown): boolean => !(error instanceof PayflowHttpError) || error.retryable;

/** The error refuses the payment for good (PayFlow will never accept this request): 400, 409, 422. */
export const isPermanentRefusal = (error: unknown): error is PayflowHttpError => error instanceof PayflowHttpError && [400, 409, 422].includes(error.status);

export interface PayflowClient {
  createPayment(request: PaymentRequest, idempotencyKey: string): Promise<PaymentResponse>;
  settlements(date: string): Promise<SettlementList>;
}

export function createPayflowClient(connection: PayflowConnection, options: { timeoutMs?: number } = {}): PayflowClient {
  const base = connection.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function call(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown): Promise<unknown> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${connection.apiKey}`, ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (!response.ok) {
      let code = '';
      let detail = text;
      try {
        const parsed = payflowErrorSchema.safeParse(JSON.parse(text));
        if (parsed.success) ({ code, message: detail } = parsed.data.error);
      } catch {
        // Not JSON (a proxy's page): the text is the detail.
      }
      throw new PayflowHttpError(response.status, code, detail);
    }
    return JSON.parse(text);
  }

  return {
    async createPayment(request, idempotencyKey) {
      return paymentResponseSchema.parse(await call('POST', PAYFLOW_PATHS.payments, { 'idempotency-key': idempotencyKey }, request));
    },
    async settlements(date) {
      return settlementListSchema.parse(await call('GET', `${PAYFLOW_PATHS.settlements}?date=${encodeURIComponent(date)}`, {}));
    },
  };
}
