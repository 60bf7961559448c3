/**
 * Causation trees: every command and event that share a correlation id, each hung under its cause (an event's
 * cause is its command; a command's cause is the event or command named by its causation id).
 */

import type { EventEnvelope } from '@fidelis/shared/events/envelope.js';
import type { EventStore } from '../store/eventStore.js';
import { scanEvents } from './scan.js';

export interface TraceNode {
  readonly kind: 'command' | 'event';
  readonly id: string;
  /** A command's type (when it was recorded) or an event's type. */
  readonly type: string;
  readonly streamId: string;
  /** Events only: the stream version. */
  readonly version: number | null;
  /** When the command was decided / the event recorded. */
  readonly at: string;
  readonly actor: string;
  readonly parentId: string | null;
  /** Position of the node's first event, which orders the flat view. */
  readonly seq: number;
  readonly children: TraceNode[];
}

export interface Trace {
  readonly correlationId: string;
  /** Commands caused by nothing recorded here: the entry points. */
  readonly roots: readonly TraceNode[];
  /** Every node in `seq` order (a command just before its first event), with its depth in the tree. */
  readonly flat: readonly (Omit<TraceNode, 'children'> & { readonly depth: number })[];
}

/** Builds the tree from the events of one correlation, given in `seq` order. */
export function buildTrace(correlationId: string, events: readonly EventEnvelope[]): Trace {
  const nodes = new Map<string, TraceNode>();
  const commands: TraceNode[] = [];
  const causationOf = new Map<string, string>();
  for (const event of events) {
    const commandId = event.meta.commandId;
    let command = nodes.get(commandId);
    if (!command) {
      command = {
        kind: 'command',
        id: commandId,
        type: typeof event.meta.commandType === 'string' ? event.meta.commandType : '(direct append)',
        streamId: event.streamId,
        version: null,
        at: event.occurredAt,
        actor: event.meta.actor,
        parentId: null,
        seq: event.seq,
        children: [],
      };
      nodes.set(commandId, command);
      commands.push(command);
      causationOf.set(commandId, event.meta.causationId);
    }
    const node: TraceNode = {
      kind: 'event',
      id: event.id,
      type: event.type,
      streamId: event.streamId,
      version: event.version,
      at: event.recordedAt,
      actor: event.meta.actor,
      parentId: commandId,
      seq: event.seq,
      children: [],
    };
    nodes.set(event.id, node);
    command.children.push(node);
  }
  const roots: TraceNode[] = [];
  for (const command of commands) {
    const causationId = causationOf.get(command.id)!;
    const parent = causationId === command.id ? undefined : nodes.get(causationId);
    if (parent) {
      (command as { parentId: string | null }).parentId = parent.id;
      parent.children.push(command);
    } else {
      roots.push(command);
    }
  }
  const bySeq = (a: Pick<TraceNode, 'seq' | 'kind'>, b: Pick<TraceNode, 'seq' | 'kind'>) => a.seq - b.seq || (a.kind === 'command' ? -1 : 1);
  for (const node of nodes.values()) node.children.sort(bySeq);

  const flat: Trace['flat'][number][] = [];
  const visit = (node: TraceNode, depth: number) => {
    const { children, ...shown } = node;
    flat.push({ ...shown, depth });
    for (const child of children) visit(child, depth + 1);
  };
  for (const root of roots) visit(root, 0);
  return { correlationId, roots, flat: flat.sort(bySeq) };
}

/** The events of one correlation, found by paging through the store. */
export async function traceCorrelation(store: EventStore, correlationId: string): Promise<Trace> {
  const events: EventEnvelope[] = [];
  for await (const event of scanEvents(store)) if (event.meta.correlationId === correlationId) events.push(event);
  return buildTrace(correlationId, events);
}

/** The correlation a command or event belongs to: a command id is looked up by index, an event id by a scan. */
export async function correlationOf(store: EventStore, id: string): Promise<string | undefined> {
  const command = await store.findByCommand(id);
  if (command && command.events.length > 0) return command.events[0]!.meta.correlationId;
  for await (const event of scanEvents(store)) if (event.id === id) return event.meta.correlationId;
  return undefined;
}

const findNode = (nodes: readonly TraceNode[], id: string): TraceNode | undefined => {
  for (const node of nodes) {
    if (node.id === id) return node;
    const found = findNode(node.children, id);
    if (found) return found;
  }
  return undefined;
};

/** From a root cause down to the message: each step is the cause of the next. */
export function causesIn(trace: Trace, id: string): Omit<TraceNode, 'children'>[] | undefined {
  const byId = new Map(trace.flat.map((node) => [node.id, node]));
  let node = byId.get(id);
  if (!node) return undefined;
  const chain: Omit<TraceNode, 'children'>[] = [];
  while (node) {
    const { depth: _depth, ...shown } = node;
    chain.unshift(shown);
    node = node.parentId === null ? undefined : byId.get(node.parentId);
  }
  return chain;
}

/** The message and everything it caused, as a tree. */
export function effectsIn(trace: Trace, id: string): TraceNode | undefined {
  return findNode(trace.roots, id);
}
