/**
 * One pass over every commit for `fidelis doctor`: each stream whose hash chain breaks (its first broken link), and
 * each stream holding events this release cannot read — listed apart, since neither is guessed around.
 */

import type { EventRegistry } from '@fidelis/shared/events/registry.js';
import { createChainScrub, verifyStream, type ScrubSource } from '../integrity/chainScrub.js';
import type { BrokenLink } from '../integrity/ledgerVerify.js';

export interface UnreadableStream {
  readonly streamId: string;
  readonly events: number;
  readonly types: readonly string[];
}

export interface LedgerExamination {
  readonly headSeq: number;
  readonly commits: number;
  readonly events: number;
  /** The first broken link of every damaged stream, in the order found. */
  readonly damaged: readonly BrokenLink[];
  readonly unreadable: readonly UnreadableStream[];
}

const PAGE = 1000;

export async function examineLedger(source: ScrubSource, registry: Pick<EventRegistry, 'isKnown'>, progress?: (done: number) => void): Promise<LedgerExamination> {
  const scrub = createChainScrub(source);
  const damaged = new Map<string, BrokenLink>();
  const unreadable = new Map<string, { events: number; types: Set<string> }>();
  let position = 0;
  let commits = 0;
  let events = 0;
  for (;;) {
    const page = await scrub.page(position, PAGE);
    if (!page) break;
    for (const link of page.breaks) if (!damaged.has(link.streamId)) damaged.set(link.streamId, (await verifyStream(source, link.streamId)) ?? link);
    position = page.position;
    commits += page.commits;
    events += page.events;
    progress?.(position);
  }
  // The events' types, read a second time a page at a time: the scrub keeps no events.
  for (let after = 0; ; ) {
    const docs = await source.commitsAfter(after, PAGE);
    if (docs.length === 0) break;
    for (const doc of docs) {
      for (const event of doc.events) {
        if (registry.isKnown(event.type)) continue;
        const stream = unreadable.get(doc.streamId) ?? { events: 0, types: new Set<string>() };
        stream.events++;
        stream.types.add(event.type);
        unreadable.set(doc.streamId, stream);
      }
    }
    after = docs[docs.length - 1]!.lastSeq;
  }
  return {
    headSeq: position,
    commits,
    events,
    damaged: [...damaged.values()],
    unreadable: [...unreadable].map(([streamId, s]) => ({ streamId, events: s.events, types: [...s.types].sort() })),
  };
}
