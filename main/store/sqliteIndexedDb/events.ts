/**
 * The DOM event model IndexedDB needs: `on…` handlers and listeners, bubbling from a request to its transaction and
 * on to the connection, preventDefault on cancelable errors. No capture phase (IndexedDB callers do not use it).
 */

export type EventListenerLike = ((event: IdbEvent) => unknown) | { handleEvent(event: IdbEvent): unknown };

interface EventInit {
  readonly bubbles?: boolean;
  readonly cancelable?: boolean;
}

export class IdbEvent {
  static readonly NONE = 0;
  static readonly AT_TARGET = 2;
  static readonly BUBBLING_PHASE = 3;
  readonly type: string;
  readonly bubbles: boolean;
  readonly cancelable: boolean;
  readonly timeStamp = performance.now();
  readonly isTrusted = true;
  target: EventNode | null = null;
  currentTarget: EventNode | null = null;
  eventPhase = 0;
  defaultPrevented = false;
  /** @internal */
  _stopped = false;
  /** @internal */
  _stoppedImmediately = false;

  constructor(type: string, init: EventInit = {}) {
    this.type = type;
    this.bubbles = init.bubbles ?? false;
    this.cancelable = init.cancelable ?? false;
  }

  get srcElement(): EventNode | null {
    return this.target;
  }

  preventDefault(): void {
    if (this.cancelable) this.defaultPrevented = true;
  }

  stopPropagation(): void {
    this._stopped = true;
  }

  stopImmediatePropagation(): void {
    this._stopped = true;
    this._stoppedImmediately = true;
  }

  composedPath(): EventNode[] {
    return this.target ? pathOf(this.target, this.bubbles) : [];
  }
}

export class VersionChangeEvent extends IdbEvent {
  readonly oldVersion: number;
  readonly newVersion: number | null;

  constructor(type: string, oldVersion: number, newVersion: number | null) {
    super(type);
    this.oldVersion = oldVersion;
    this.newVersion = newVersion;
  }
}

interface Registration {
  readonly listener: EventListenerLike;
  readonly once: boolean;
}

function pathOf(target: EventNode, bubbles: boolean): EventNode[] {
  const path = [target];
  if (!bubbles) return path;
  for (let node = target._parentNode(); node; node = node._parentNode()) path.push(node);
  return path;
}

export abstract class EventNode {
  private registrations: Map<string, Registration[]> | undefined;

  /** @internal where the event bubbles to next */
  abstract _parentNode(): EventNode | null;

  addEventListener(type: string, listener: EventListenerLike | null, options?: boolean | { once?: boolean }): void {
    if (!listener) return;
    this.registrations ??= new Map();
    const list = this.registrations.get(type) ?? [];
    if (list.some((r) => r.listener === listener)) return;
    list.push({ listener, once: typeof options === 'object' && options.once === true });
    this.registrations.set(type, list);
  }

  removeEventListener(type: string, listener: EventListenerLike | null): void {
    const list = this.registrations?.get(type);
    if (!list || !listener) return;
    this.registrations!.set(
      type,
      list.filter((r) => r.listener !== listener),
    );
  }

  dispatchEvent(event: IdbEvent): boolean {
    fire(this, event);
    return !event.defaultPrevented;
  }

  /** @internal runs this node's handler and listeners; true when one of them threw */
  _invoke(event: IdbEvent): boolean {
    let threw = false;
    const handler = (this as unknown as Record<string, unknown>)[`on${event.type}`];
    if (typeof handler === 'function' && call(this, handler as EventListenerLike, event)) threw = true;
    const list = this.registrations?.get(event.type);
    if (list) {
      for (const registration of [...list]) {
        if (event._stoppedImmediately) break;
        if (registration.once) this.removeEventListener(event.type, registration.listener);
        if (call(this, registration.listener, event)) threw = true;
      }
    }
    return threw;
  }
}

/** Calls one handler or listener; true when it threw. */
function call(node: EventNode, listener: EventListenerLike, event: IdbEvent): boolean {
  try {
    if (typeof listener === 'function') listener.call(node, event);
    else listener.handleEvent(event);
    return false;
  } catch {
    return true;
  }
}

/** Dispatches along the path; true when a handler threw (IndexedDB then aborts the transaction). */
export function fire(target: EventNode, event: IdbEvent): boolean {
  event.target = target;
  let threw = false;
  for (let node: EventNode | null = target; node; node = event.bubbles ? node._parentNode() : null) {
    event.currentTarget = node;
    event.eventPhase = node === target ? IdbEvent.AT_TARGET : IdbEvent.BUBBLING_PHASE;
    if (node._invoke(event)) threw = true;
    if (event._stopped) break;
  }
  event.currentTarget = null;
  event.eventPhase = IdbEvent.NONE;
  return threw;
}

/** DOMStringList: a sorted list of names with `contains` and `item`. */
export class NameList extends Array<string> {
  contains(name: string): boolean {
    return this.includes(name);
  }

  item(index: number): string | null {
    return this[index] ?? null;
  }
}

export function nameList(names: Iterable<string>): NameList {
  const list = new NameList();
  list.push(...[...names].sort());
  return list;
}
