/**
 * The second person of a cash command (shared/tills/secondPerson.ts), checked when their credentials come with it:
 * someone other than the person posting, with the right password, and the one the rule names (the receiving teller)
 * or holding the permission it names (the vault, a supervisor's sign-off). Their username becomes meta.approvedBy,
 * which the command path records as who received or signed off.
 */

import { DomainError, isDomainError } from '@fidelis/shared/errors.js';
import { hasPermission, usernameSchema, type Approval, type Principal } from '@fidelis/shared/staff/index.js';
import { secondPersonRuleOf, type CashCommand } from '@fidelis/shared/tills/index.js';
import type { Staff } from '../staff/staff.js';

export type SecondPersonCheck = (actor: Principal, command: CashCommand, approval: Approval | undefined) => Promise<string | undefined>;

export function createSecondPersonCheck(staff: () => Pick<Staff, 'confirm'>): SecondPersonCheck {
  return async (actor, command, approval) => {
    const rule = secondPersonRuleOf(command);
    // Without credentials the command's own decider says whether it needed them (a transfer always does).
    if (!rule || !approval) return undefined;
    const name = usernameSchema.safeParse(approval.username);
    if (name.success && name.data === actor.username) throw new DomainError('FORBIDDEN', `Another person must confirm, as ${rule.as}: not you.`, 'approval');
    let person: Principal;
    try {
      person = await staff().confirm(approval.username, approval.password);
    } catch (error) {
      if (isDomainError(error)) throw new DomainError(error.code, error.code === 'INVALID_CREDENTIALS' ? 'The username or password of the person confirming is not right.' : error.message, 'approval');
      throw error;
    }
    if (rule.kind === 'named' && person.username !== rule.username) throw new DomainError('FORBIDDEN', `Only ${rule.username}, ${rule.as}, can confirm.`, 'approval');
    if (rule.kind === 'permission' && !hasPermission(person, rule.permission)) throw new DomainError('FORBIDDEN', `${person.displayName} cannot confirm as ${rule.as}.`, 'approval');
    return person.username;
  };
}
