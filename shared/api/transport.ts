/**
 * How the renderer reaches main, whatever carries it: the WebSocket frames of browser mode, and the bridge the Electron
 * preload exposes as `window.fidelis`. Both carry the same ApiResponse, so a refusal keeps its code and field.
 */

import { z } from 'zod';
import { apiResponseSchema, type ApiResponse } from './errors.js';

/** What the Electron preload exposes through contextBridge as `window.fidelis` (and what any other host must offer). */
export interface FidelisBridge {
  /** Runs a command or query; never rejects for a refusal: the answer says ok or not. */
  invoke(method: string, input: unknown): Promise<ApiResponse>;
  /** Starts a live topic; `listener` receives each event; the returned function stops it. */
  subscribe(topic: string, params: unknown, listener: (event: unknown) => void, onError?: (response: ApiResponse) => void): () => void;
}

/** Frames the renderer sends over the WebSocket. */
export const clientFrameSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('call'), id: z.number().int().nonnegative(), method: z.string().max(100), input: z.unknown() }),
  z.object({ kind: z.literal('subscribe'), id: z.number().int().nonnegative(), topic: z.string().max(100), params: z.unknown() }),
  z.object({ kind: z.literal('unsubscribe'), id: z.number().int().nonnegative() }),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

/** Frames main sends: the answer to a call or a subscribe (same id), or a live event of a subscription (its id). */
export const serverFrameSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('response'), id: z.number().int(), response: apiResponseSchema }),
  z.object({ kind: z.literal('event'), id: z.number().int(), event: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;

/** The WebSocket path of browser mode; the secret travels as `?token=` on it. */
export const WEBSOCKET_PATH = '/api';
