/** IDBRequest and IDBOpenDBRequest: a result or an error once done; events bubble to the transaction. */

import { idbError } from './errors.js';
import { EventNode, type EventListenerLike } from './events.js';

/** The transaction side a request needs: where its events bubble. */
export interface RequestParent extends EventNode {
  readonly mode: string;
}

export class SqliteRequest extends EventNode {
  onsuccess: EventListenerLike | null = null;
  onerror: EventListenerLike | null = null;
  readyState: 'pending' | 'done' = 'pending';
  /** @internal */
  _result: unknown = undefined;
  /** @internal */
  _error: DOMException | null = null;

  constructor(
    public source: unknown,
    public transaction: RequestParent | null,
  ) {
    super();
  }

  get result(): unknown {
    if (this.readyState !== 'done') throw idbError('InvalidStateError', 'The request is not done.');
    return this._result;
  }

  get error(): DOMException | null {
    if (this.readyState !== 'done') throw idbError('InvalidStateError', 'The request is not done.');
    return this._error;
  }

  /** @internal */
  _succeed(result: unknown): void {
    this.readyState = 'done';
    this._result = result;
    this._error = null;
  }

  /** @internal */
  _fail(error: DOMException): void {
    this.readyState = 'done';
    this._result = undefined;
    this._error = error;
  }

  _parentNode(): EventNode | null {
    return this.transaction;
  }

  get [Symbol.toStringTag](): string {
    return 'IDBRequest';
  }
}

export class SqliteOpenRequest extends SqliteRequest {
  onupgradeneeded: EventListenerLike | null = null;
  onblocked: EventListenerLike | null = null;

  constructor() {
    super(null, null);
  }

  // An open request's events do not bubble into its upgrade transaction.
  override _parentNode(): EventNode | null {
    return null;
  }

  override get [Symbol.toStringTag](): string {
    return 'IDBOpenDBRequest';
  }
}
