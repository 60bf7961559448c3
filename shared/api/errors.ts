/** Errors as they cross the API: a stable code, the field at fault (so a form shows it in the right place) and a message. */

import { z } from 'zod';

export const apiErrorSchema = z.object({
  /** A DomainError code (UPPER_SNAKE) or one of the API's own: UNKNOWN_METHOD, INTERNAL, DISCONNECTED. */
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  field: z.string().optional(),
  message: z.string(),
});

export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

/** Thrown by API clients in the renderer; the same shape main sends. */
export class ApiError extends Error {
  readonly code: string;
  readonly field: string | undefined;

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.field = body.field;
  }
}

export const isApiError = (value: unknown): value is ApiError => value instanceof ApiError;

/** Every call answers with exactly one of these: results and refusals travel the same way over IPC and WebSocket. */
export const apiResponseSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: apiErrorSchema }),
]);

export type ApiResponse = z.infer<typeof apiResponseSchema>;
