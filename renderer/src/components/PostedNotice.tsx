/** What the last counter transaction did, announced politely, with a link to its receipt. */

import { hrefOf } from '../routing.js';

export interface Posted {
  readonly text: string;
  /** The event the receipt is printed from: the account's stream at this version. */
  readonly receipt?: { readonly accountId: string; readonly version: number } | undefined;
}

export function PostedNotice({ posted }: { posted: Posted | undefined }) {
  return (
    <p className="form__status" role="status" aria-live="polite">
      {posted ? <span>{posted.text}</span> : null}
      {posted?.receipt ? (
        <>
          {' '}
          <a href={hrefOf({ screen: 'receipt', ...posted.receipt })}>Receipt</a>
        </>
      ) : null}
    </p>
  );
}
