/** The states every screen shares: loading, empty and error. */

import type { ReactNode } from 'react';
import type { ApiError } from '@fidelis/shared/api/errors.js';

export const Loading = ({ what }: { what: string }) => (
  <p className="state state--loading" role="status" aria-live="polite">
    Loading {what}…
  </p>
);

export const Empty = ({ children }: { children: ReactNode }) => <p className="state state--empty">{children}</p>;

export function ErrorNotice({ error, onRetry }: { error: Pick<ApiError, 'message' | 'code'>; onRetry?: () => void }) {
  return (
    <div className="state state--error" role="alert">
      <p>{error.message}</p>
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
