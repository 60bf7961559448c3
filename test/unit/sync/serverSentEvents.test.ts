/** The gateway's live stream as sync reads it: whole events whatever the chunking, data lines kept apart by line breaks. */

import { describe, expect, it } from 'vitest';
import { readServerSentEvents, type ServerSentEvent } from '../../../main/sync/serverSentEvents.js';

const bytes = (text: string) => new TextEncoder().encode(text);

/** The stream as the network might deliver it: these exact chunks, in order. */
async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const part of parts) yield typeof part === 'string' ? bytes(part) : part;
}

async function read(...parts: (string | Uint8Array)[]): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  await readServerSentEvents(chunks(...parts), (event) => events.push(event));
  return events;
}

describe('reading server-sent events', () => {
  it('keeps the line breaks between data lines, so multi-line JSON still parses', async () => {
    const events = await read('event: head\ndata: {\ndata:   "head": 42,\ndata: "note": "a\\nb"\ndata: }\n\n');
    expect(events).toEqual([{ type: 'head', data: '{\n  "head": 42,\n"note": "a\\nb"\n}' }]);
    expect(JSON.parse(events[0]!.data)).toEqual({ head: 42, note: 'a\nb' });
  });

  it('skips comments (keep-alives) and names an untyped event "message"', async () => {
    expect(await read(': keep-alive\n\n:another\ndata: 1\n\n')).toEqual([{ type: 'message', data: '1' }]);
  });

  it('reads CRLF and lone CR line endings as LF', async () => {
    expect(await read('event: resync\r\ndata: {"head":1}\r\n\r\nevent: head\rdata: {"head":2}\r\r')).toEqual([
      { type: 'resync', data: '{"head":1}' },
      { type: 'head', data: '{"head":2}' },
    ]);
  });

  it('joins chunks split mid-line, between CR and LF, and inside a multi-byte character', async () => {
    const euro = bytes('€');
    const events = await read('ev', 'ent: he', 'ad\r', '\ndata: {"who":"', euro.slice(0, 1), euro.slice(1), '"}\r\n', '\r\n', 'data: 2\n', '\n');
    expect(events).toEqual([
      { type: 'head', data: '{"who":"€"}' },
      { type: 'message', data: '2' },
    ]);
  });

  it('drops an event the end of the stream cut off before its blank line', async () => {
    expect(await read('data: 1\n\ndata: 2\n')).toEqual([{ type: 'message', data: '1' }]);
  });
});
