/** What one sync pass did, counted as it goes (the CLI and the UI show it). */

export interface SyncReport {
  pushed: number;
  pulled: number;
  rebased: number;
  exceptions: number;
  /** Local synced commits that disagree with the gateway (repaired by `sync verify`). */
  diverged: number;
}

export const emptyReport = (): SyncReport => ({ pushed: 0, pulled: 0, rebased: 0, exceptions: 0, diverged: 0 });
