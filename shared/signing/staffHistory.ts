/**
 * A branch's staff as its ledger says at one point: each person's roles, whether they are disabled and their signing
 * key, folded from the staff streams in ledger order. The gateway, a pulling workstation and `fidelis verify` move it
 * forward commit by commit, so a commit is judged by the staff history up to it.
 */

import { categoryOf, parseEventTypeName, type EventEnvelope } from '../events/envelope.js';
import { evolveStaff, initialStaffState, type StaffState } from '../staff/decider.js';
import { STAFF_CATEGORY, type StaffEvent } from '../staff/events.js';

/**
 * open: no staff yet (a new branch, or one from before staff): nothing to check against, the first administrator comes in.
 * staffed: staff without keys (from before signing): permissions are checked, signatures not yet.
 * signing: someone holds a key: from here on every commit is signed.
 */
export type SigningMode = 'open' | 'staffed' | 'signing';

export interface StaffHistory {
  person(username: string): StaffState | undefined;
  mode(): SigningMode;
  /** Moves the history past a commit (events of other categories are ignored). */
  apply(events: readonly Pick<EventEnvelope, 'type' | 'streamId' | 'data'>[]): void;
  /** An independent copy: a push checks against one, the cached history moves only with what was stored. */
  copy(): StaffHistory;
}

export function createStaffHistory(people: ReadonlyMap<string, StaffState> = new Map()): StaffHistory {
  const states = new Map(people);
  let signing = [...states.values()].some((s) => s.signingKey !== undefined);
  return {
    person: (username) => states.get(username),
    mode: () => (signing ? 'signing' : states.size > 0 ? 'staffed' : 'open'),
    apply(events) {
      for (const event of events) {
        if (categoryOf(event.streamId) !== STAFF_CATEGORY) continue;
        const name = parseEventTypeName(event.type)?.name;
        const username = event.data['username'];
        if (name === undefined || typeof username !== 'string') continue;
        // Payloads were checked against the staff schemas where they were stored (gateway) or decided (main).
        const next = evolveStaff(states.get(username) ?? initialStaffState, { type: name, data: event.data } as StaffEvent);
        states.set(username, next);
        if (next.signingKey) signing = true;
      }
    },
    copy: () => createStaffHistory(states),
  };
}
