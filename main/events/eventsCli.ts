/** `fidelis events …`: read what the ledger recorded — streams, categories, stats, search, history and causation traces. */

import { DomainError } from '@fidelis/shared/errors.js';
import type { EventPage, ExploredEvent, HistoryRow, SearchResult, StoreStats } from './explorer.js';
import type { Trace, TraceNode } from './tracing.js';
import type { CliCommand, CliContext } from '../cli/cliCommand.js';

function count(context: CliContext, name: string, fallback: number): number {
  const text = context.options[name] as string | undefined;
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new DomainError('VALIDATION', `--${name} takes a whole number, not "${text}".`, name);
  return Number(text);
}

const eventLine = (e: ExploredEvent, withTrace: boolean): string =>
  [
    `${String(e.seq).padStart(6)}  ${e.streamId}@${e.version}  ${e.recordedAt}  ${e.type}${e.known ? '' : ' (unknown type: kept, not read)'}  ${JSON.stringify(e.data)}`,
    ...(withTrace ? [`        correlation ${e.meta.correlationId}  causation ${e.meta.causationId}  command ${e.meta.commandId}  actor ${e.meta.actor}`] : []),
  ].join('\n');

const nodeLine = (node: Omit<TraceNode, 'children'>): string =>
  node.kind === 'command'
    ? `command ${node.type}  ${node.id}  ${node.at}  by ${node.actor}`
    : `event   ${node.type}  ${node.streamId}@${node.version}  ${node.id}  ${node.at}`;

function treeText(nodes: readonly TraceNode[], depth = 0): string[] {
  return nodes.flatMap((node) => [`${'  '.repeat(depth)}${nodeLine(node)}`, ...treeText(node.children, depth + 1)]);
}

export const eventCommands: CliCommand[] = [
  {
    words: ['events', 'read'],
    args: ['STREAM|CATEGORY'],
    options: {
      from: { type: 'string', value: 'N', help: 'First version (a stream) or seq (a category); 0 by default.' },
      limit: { type: 'string', value: 'N', help: 'At most this many events (100 by default).' },
      trace: { type: 'boolean', help: 'Show correlation, causation, command and actor of each event.' },
    },
    access: 'read',
    summary: 'Read a stream (account-<id>) from a version, or a category (account) across its streams in seq order from a seq.',
    async run(context) {
      const from = count(context, 'from', 0);
      const limit = count(context, 'limit', 100);
      const page = await context.host.explore.read(context.args[0]!, { from, limit });
      return { ...page, trace: context.options.trace === true };
    },
    text: ({ events, next, trace }: EventPage & { trace: boolean }) =>
      events.length === 0
        ? 'no events'
        : [...events.map((e) => eventLine(e, trace)), ...(next === null ? [] : [`more: --from ${next}`])].join('\n'),
  },
  {
    words: ['events', 'stats'],
    args: [],
    options: {},
    access: 'read',
    summary: 'Events and streams per type and per category, with the latest time of each.',
    run: (context) => context.host.explore.stats(),
    text: (stats: StoreStats) =>
      [
        `${stats.events} events in ${stats.streams} streams${stats.unknownEvents > 0 ? ` (${stats.unknownEvents} of types this build does not know)` : ''}`,
        '',
        'type                                     events  streams  latest',
        ...stats.types.map((t) => `${(t.type + (t.known ? '' : ' (unknown)')).padEnd(40)} ${String(t.events).padStart(6)}  ${String(t.streams).padStart(7)}  ${t.latest}`),
        '',
        'category                                 events  streams  latest',
        ...stats.categories.map((c) => `${c.category.padEnd(40)} ${String(c.events).padStart(6)}  ${String(c.streams).padStart(7)}  ${c.latest}`),
      ].join('\n'),
  },
  {
    words: ['events', 'search'],
    args: [],
    options: { type: { type: 'string', value: 'PART', help: 'Part of the event type (Deposit).' }, limit: { type: 'string', value: 'N', help: 'At most this many events (100 by default).' } },
    required: ['type'],
    access: 'read',
    summary: 'Events whose type contains PART (case-insensitive).',
    run: (context) => context.host.explore.search({ typePart: context.options.type as string, limit: count(context, 'limit', 100) }),
    text: ({ total, events }: SearchResult) =>
      [`${total} event(s)${total > events.length ? `, first ${events.length} shown` : ''}`, ...events.map((e) => eventLine(e, false))].join('\n'),
  },
  {
    words: ['events', 'history'],
    readOnly: true,
    args: ['ACCOUNT_ID'],
    options: {},
    access: 'read',
    summary: "An account's history: version, type, time and actor of each event.",
    run: async (context) => ({ history: await context.host.explore.history(context.args[0]!) }),
    text: ({ history }: { history: HistoryRow[] }) =>
      [
        'version  type                          recorded at               actor',
        ...history.map((r) => `${String(r.version).padStart(7)}  ${(r.type + (r.known ? '' : ' (unknown)')).padEnd(28)}  ${r.recordedAt.padEnd(24)}  ${r.actor}`),
      ].join('\n'),
  },
  {
    words: ['events', 'trace'],
    args: ['CORRELATION_ID'],
    options: { flat: { type: 'boolean', help: 'A list in seq order instead of a tree.' } },
    access: 'read',
    summary: 'Every command and event of one correlation, as a causation tree (or --flat, in seq order) with times.',
    async run(context) {
      const trace = await context.host.explore.trace(context.args[0]!);
      if (trace.flat.length === 0) throw new DomainError('NOT_FOUND', `Nothing recorded with correlation id ${context.args[0]}.`, 'correlationId');
      return context.options.flat === true ? { correlationId: trace.correlationId, flat: trace.flat } : { correlationId: trace.correlationId, roots: trace.roots };
    },
    text: (result: Pick<Trace, 'correlationId'> & Partial<Pick<Trace, 'roots' | 'flat'>>) =>
      [
        `correlation ${result.correlationId}`,
        ...(result.flat
          ? result.flat.map((n) => `${String(n.seq).padStart(6)}  ${nodeLine(n)}  ${n.parentId ? `← ${n.parentId}` : '(root)'}`)
          : treeText(result.roots ?? [], 1)),
      ].join('\n'),
  },
  {
    words: ['events', 'causes'],
    args: ['ID'],
    options: {},
    access: 'read',
    summary: 'Walk up from a command or event to the root cause.',
    run: async (context) => ({ chain: await context.host.explore.causes(context.args[0]!) }),
    text: ({ chain }: { chain: Omit<TraceNode, 'children'>[] }) => chain.map((node, depth) => `${'  '.repeat(depth)}${nodeLine(node)}`).join('\n'),
  },
  {
    words: ['events', 'effects'],
    args: ['ID'],
    options: {},
    access: 'read',
    summary: 'Walk down from a command or event: everything it caused.',
    run: async (context) => ({ effects: await context.host.explore.effects(context.args[0]!) }),
    text: ({ effects }: { effects: TraceNode }) => treeText([effects]).join('\n'),
  },
];
