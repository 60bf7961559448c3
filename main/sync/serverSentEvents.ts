/** Reads a server-sent event stream (eventsource-parser): data lines joined by line breaks, comments skipped, CR, LF or CRLF, any chunking. */

import { createParser } from 'eventsource-parser';

export interface ServerSentEvent {
  /** `message` when the server named no type, as EventSource has it. */
  readonly type: string;
  readonly data: string;
}

/** Resolves when the stream ends. An event the end cuts off (no blank line after it) is dropped, as the spec says. */
export async function readServerSentEvents(body: AsyncIterable<Uint8Array>, onEvent: (event: ServerSentEvent) => void): Promise<void> {
  const parser = createParser({ onEvent: ({ event, data }) => onEvent({ type: event ?? 'message', data }) });
  // Streaming decode: a character split across two chunks is decoded whole.
  const decoder = new TextDecoder();
  let endsWithCr = false;
  for await (const chunk of body) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) endsWithCr = text.endsWith('\r');
    parser.feed(text);
  }
  // The parser holds a final CR back, waiting for a possible LF: at the end it is a line end of its own.
  parser.feed(decoder.decode() + (endsWithCr ? '\n' : ''));
}
