/**
 * Which way a teller's command moves cash over the counter: the same typed facts the cash rule (shared/ledger/cash.ts)
 * reads on the event the command makes — a counter deposit's cash source, a cash withdrawal's channel, an opening's
 * cash deposit — so the till a command goes through and the journal's booking of its event always agree.
 */

import type { CashDirection } from '../ledger/cash.js';

export interface TellerCash {
  readonly direction: CashDirection;
  /** As entered, in major units. */
  readonly amount: string;
}

type TellerCommand =
  | { readonly type: 'MakeDeposit'; readonly amount: string; readonly sourceType: string; readonly channel: string }
  | { readonly type: 'MakeWithdrawal'; readonly amount: string; readonly channel: string }
  | { readonly type: 'OpenAccount'; readonly openingDeposit: string; readonly openingDepositSource: string };

const isZero = (amount: string): boolean => /^0*(\.0*)?$/.test(amount.trim());

export function tellerCashOf(command: TellerCommand): TellerCash | undefined {
  switch (command.type) {
    case 'MakeDeposit':
      return command.channel === 'counter' && command.sourceType === 'cash' ? { direction: 'IN', amount: command.amount } : undefined;
    case 'MakeWithdrawal':
      return command.channel === 'cash' ? { direction: 'OUT', amount: command.amount } : undefined;
    case 'OpenAccount':
      return command.openingDepositSource === 'cash' && !isZero(command.openingDeposit) ? { direction: 'IN', amount: command.openingDeposit } : undefined;
  }
}
