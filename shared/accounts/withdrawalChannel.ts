/** How money left an account: a withdrawal records no channel, so its reference tells book entries from cash. */

/**
 * A withdrawal whose reference names a transfer (`transfer:…`) or the payment gateway (`payflow…`) moved money by
 * book entry, through clearing; every other withdrawal was paid out in cash at the counter, as tellers record them.
 * The journal and the regulatory reports both follow this one rule, so the CTR and the trial balance agree.
 */
export function isNonCashWithdrawal(reference: string | undefined): boolean {
  const ref = (reference ?? '').trim().toLowerCase();
  return ref.startsWith('transfer:') || ref.startsWith('payflow');
}
