// The staff user aggregate: provisioned once, disabled and re-enabled, one-time passwords, failed sign-ins counted within a window into a lockout.

import { describe, expect, it } from 'vitest';
import { DomainError } from '@fidelis/shared/errors.js';
import { decideStaff, evolveStaff, initialStaffState, isLockedOut, type StaffCommand, type StaffEvent, type StaffState } from '@fidelis/shared/staff/index.js';

const at = (minute: number) => ({ now: new Date(Date.UTC(2026, 10, 26, 9, minute)).toISOString() });
const provision: StaffCommand = { type: 'ProvisionStaffUser', username: 'tom', displayName: 'Tom', roles: ['teller'], passwordHash: 'scrypt$4$8$1$c2FsdA==$a2V5', provisionedBy: 'admin' };
const fail: StaffCommand = { type: 'RecordFailedSignIn', username: 'tom', maxFailures: 3, windowMinutes: 15 };

function run(state: StaffState, command: StaffCommand, minute = 0): { state: StaffState; events: readonly StaffEvent[] } {
  const decided = decideStaff(command, state, at(minute));
  if (decided instanceof DomainError) throw decided;
  return { state: decided.reduce(evolveStaff, state), events: decided };
}

describe('staff user', () => {
  it('is provisioned once', () => {
    const { state } = run(initialStaffState, provision);
    expect(state).toMatchObject({ exists: true, version: 0, roles: ['teller'], disabled: false });
    expect(decideStaff(provision, state, at(0))).toMatchObject({ code: 'STAFF_EXISTS', field: 'username' });
  });

  it('refuses changes to someone never provisioned', () => {
    expect(decideStaff({ type: 'DisableStaffUser', username: 'ghost', disabledBy: 'admin' }, initialStaffState, at(0))).toMatchObject({ code: 'STAFF_NOT_FOUND' });
  });

  it('locks out at the third failure within the window until the window has passed, then counts afresh', () => {
    let { state } = run(initialStaffState, provision);
    ({ state } = run(state, fail, 0));
    ({ state } = run(state, fail, 5));
    const third = run(state, fail, 10);
    expect(third.events.map((e) => e.type)).toEqual(['StaffSignInFailed', 'StaffLockedOut']);
    expect(third.events[1]!.data).toMatchObject({ failedAttempts: 3, lockedUntil: '2026-11-26T09:25:00.000Z' });
    expect(isLockedOut(third.state, at(24).now)).toBe(true);
    expect(isLockedOut(third.state, at(25).now)).toBe(false);
    expect(run(third.state, fail, 26).events.map((e) => e.type)).toEqual(['StaffSignInFailed']);
  });

  it('forgets failures older than the window', () => {
    let { state } = run(initialStaffState, provision);
    ({ state } = run(state, fail, 0));
    ({ state } = run(state, fail, 1));
    expect(run(state, fail, 20).events.map((e) => e.type)).toEqual(['StaffSignInFailed']);
  });

  it('re-enables a disabled person once: enabling someone active records nothing', () => {
    let { state } = run(initialStaffState, provision);
    expect(decideStaff({ type: 'EnableStaffUser', username: 'tom', enabledBy: 'admin' }, state, at(0))).toEqual([]);
    ({ state } = run(state, { type: 'DisableStaffUser', username: 'tom', disabledBy: 'admin' }));
    const enabled = run(state, { type: 'EnableStaffUser', username: 'tom', enabledBy: 'admin', reason: 'back' });
    expect(enabled.events).toEqual([{ type: 'StaffUserEnabled', data: { username: 'tom', enabledBy: 'admin', reason: 'back' } }]);
    expect(enabled.state).toMatchObject({ disabled: false, roles: ['teller'] });
  });

  it('gives a one-time password that the person must replace, and that ends a lockout', () => {
    let { state } = run(initialStaffState, provision);
    for (const minute of [0, 1, 2]) ({ state } = run(state, fail, minute));
    expect(isLockedOut(state, at(3).now)).toBe(true);
    ({ state } = run(state, { type: 'ResetStaffPassword', username: 'tom', passwordHash: 'one-time', resetBy: 'admin' }, 3));
    expect(state).toMatchObject({ passwordHash: 'one-time', mustChangePassword: true, lockedUntil: null });
    ({ state } = run(state, { type: 'ChangeStaffPassword', username: 'tom', passwordHash: 'own', changedBy: 'tom' }, 4));
    expect(state).toMatchObject({ passwordHash: 'own', mustChangePassword: false });
  });

  it("refuses a one-time password for someone disabled", () => {
    let { state } = run(initialStaffState, provision);
    ({ state } = run(state, { type: 'DisableStaffUser', username: 'tom', disabledBy: 'admin' }));
    expect(decideStaff({ type: 'ResetStaffPassword', username: 'tom', passwordHash: 'x', resetBy: 'admin' }, state, at(0))).toMatchObject({ code: 'VALIDATION', field: 'username' });
  });

  it('disables once: a second disabling records nothing', () => {
    let { state } = run(initialStaffState, provision);
    ({ state } = run(state, { type: 'DisableStaffUser', username: 'tom', disabledBy: 'admin' }));
    expect(state.disabled).toBe(true);
    expect(decideStaff({ type: 'DisableStaffUser', username: 'tom', disabledBy: 'admin' }, state, at(1))).toEqual([]);
  });
});
