/** Dual control: which commands are big enough to need a second person's approval. One pure rule for every boundary. */

/** Commands whose amount moves money out of the bank's hands; anything else never needs an approver. */
export const DUAL_CONTROL_COMMANDS = ['MakeWithdrawal', 'InitiateTransfer', 'SendExternalPayment'] as const;

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/** An exact decimal as a scaled bigint, or undefined when the text is no plain non-negative decimal. */
function scaled(text: string, scale: number): bigint | undefined {
  const match = DECIMAL.exec(text.trim());
  if (!match) return undefined;
  const fraction = (match[2] ?? '').padEnd(scale, '0');
  if (fraction.length > scale) return undefined;
  return BigInt(`${match[1]}${fraction}`);
}

const fractionDigits = (text: string): number => {
  const dot = text.trim().indexOf('.');
  return dot < 0 ? 0 : text.trim().length - dot - 1;
};

/**
 * True when `command` is a dual-control command whose amount (major units, as typed) is over `threshold`
 * (major units). Compared exactly as decimals, never as floats. An amount that is no valid decimal needs no
 * approver here: the command's own validation refuses it, with a message about the amount.
 */
export function requiresApproval(command: { readonly type: string; readonly amount?: unknown }, threshold: string): boolean {
  if (!(DUAL_CONTROL_COMMANDS as readonly string[]).includes(command.type)) return false;
  if (typeof command.amount !== 'string') return false;
  const scale = Math.max(fractionDigits(command.amount), fractionDigits(threshold));
  const amount = scaled(command.amount, scale);
  const limit = scaled(threshold, scale);
  if (amount === undefined || limit === undefined) return false;
  return amount > limit;
}
