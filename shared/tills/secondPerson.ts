/**
 * Dual control over cash: who the second person of a cash command must be. Between a till and the vault the giver
 * posts and the receiver confirms with their password; a counted difference over the branch's sign-off amount is
 * signed off by a supervisor. One rule for every door (API, CLI); main checks the password.
 */

import type { Permission } from '../staff/roles.js';
import type { CashCommand } from './commands.js';

export type SecondPersonRule =
  /** Exactly this person (the teller whose till receives cash from the vault). */
  | { readonly kind: 'named'; readonly username: string; readonly as: string }
  /** Anyone else holding this permission. */
  | { readonly kind: 'permission'; readonly permission: Permission; readonly as: string };

/** The second person a cash command takes (undefined: it takes none); the deciders refuse a command that needs one and has none. */
export function secondPersonRuleOf(command: CashCommand): SecondPersonRule | undefined {
  switch (command.type) {
    case 'IssueCashToTill':
      return { kind: 'named', username: command.teller, as: 'the teller receiving the cash' };
    case 'ReturnCashToVault':
      return { kind: 'permission', permission: 'vault', as: 'the vault holder receiving the cash' };
    case 'OpenTill':
    case 'CloseTill':
    case 'CountVault':
      return { kind: 'permission', permission: 'approve', as: 'the supervisor signing off the difference' };
    default:
      return undefined;
  }
}
