/**
 * Where teller cash lives: a till per teller, workstation and currency (`till-<teller>:<workstation>:<currency>`), a
 * vault per branch and currency (`vault-<branch>:<currency>`), and one branch-day stream per branch that records each
 * business day's close. The ids double as the journal's ledger accounts for the cash they hold.
 */

export const TILL_CATEGORY = 'till';
export const VAULT_CATEGORY = 'vault';
export const BRANCH_DAY_CATEGORY = 'branchday';

/** A username never holds a colon and a currency code is three letters, so the id reads back unambiguously. */
export const tillIdOf = (teller: string, workstation: string, currency: string): string => `${teller}:${workstation}:${currency}`;

export const vaultIdOf = (branchId: string, currency: string): string => `${branchId}:${currency}`;

/** The journal's ledger accounts for cash: each till and vault, the branch's over/short account and the cash centre's clearing. */
export const CASH_LEDGER_ACCOUNTS = {
  till: (tillId: string) => `till:${tillId}`,
  vault: (vaultId: string) => `vault:${vaultId}`,
  /** Differences found when cash is counted: shortages are debited here, overages credited. */
  overShort: 'branch:cash-over-short',
  /** Cash on its way from or to the cash centre (an external party), settled outside the branch's books. */
  cashCentre: 'branch:cash-centre',
} as const;
