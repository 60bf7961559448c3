/**
 * Teller cash commands as staff send them (amounts in major units, counts by denomination), and the facts main adds
 * in the command path before they are decided: whose till on which workstation, the business day, what the till's
 * book holds, and who confirmed (the second person). A caller never supplies those: the teller request schemas
 * (shared/ledger/commands.ts) leave them out.
 */

import { z } from 'zod';
import { usernameSchema } from '../staff/identity.js';
import { MINOR_UNITS } from '../money/money.js';
import { CASH_CURRENCIES, denominationCountSchema } from './denominations.js';

const currency = z
  .string()
  .trim()
  .toUpperCase()
  .refine((code) => CASH_CURRENCIES.includes(code), `A till or vault holds ${CASH_CURRENCIES.join(', ')}.`)
  .default('USD');
const amount = z.string().max(40, 'That amount is too long.');
const reason = z.string().trim().min(1, 'Say why the count differs.').max(280, 'A reason has at most 280 characters.').optional();
const reference = z.string().trim().min(1, "Enter the shipment's reference.").max(140, 'A reference has at most 140 characters.');
const day = z.iso.date('A business day is YYYY-MM-DD.');
const minor = z.string().regex(MINOR_UNITS);
const count = denominationCountSchema.refine((c) => Object.keys(c).length <= 40, 'A count has at most 40 denominations.');

/** The till a command is for, as main found it (never a caller's). */
export const tillFactsSchema = z.object({
  tillId: z.string().min(1).max(200),
  teller: z.string().min(1).max(100),
  workstation: z.string().min(1).max(200),
  /** The business day on the branch's calendar when the command runs (past a closed day, the next). */
  businessDay: day,
  /** What the till's book holds now in minor units: the last count moved by every cash movement booked to it since. */
  position: minor,
  /** Whether the till is open (its last TillOpened has no TillClosed after it), as the book says. */
  open: z.boolean(),
  /** The open session (which opening of the till); -1 when it is not open. */
  session: z.number().int().min(-1),
});
export type TillFacts = z.infer<typeof tillFactsSchema>;

/** Who confirmed, filled in by main after checking their password: never a caller's. */
const confirmedBy = usernameSchema.optional();
/** The branch's sign-off amount in minor units (settings): a counted difference over it needs a supervisor. Main's. */
const signOffOver = minor.optional();

/** A teller opens their till on this workstation for the business day, counting it note by note. */
export const openTillSchema = z.object({ type: z.literal('OpenTill'), currency, count, reason, till: tillFactsSchema.optional(), signOffOver, signedOffBy: confirmedBy });

/** A teller closes their till, counting it; a difference is booked to cash over/short with a reason. */
export const closeTillSchema = z.object({ type: z.literal('CloseTill'), currency, count, reason, till: tillFactsSchema.optional(), signOffOver, signedOffBy: confirmedBy });

/** The vault holder gives cash to a teller's till on this workstation; the teller confirms receipt with their password. */
export const issueCashToTillSchema = z.object({
  type: z.literal('IssueCashToTill'),
  teller: usernameSchema,
  currency,
  amount,
  branchId: z.string().min(1).optional(),
  till: tillFactsSchema.optional(),
  receivedBy: confirmedBy,
});

/** A teller gives cash from their till back to the vault; the vault holder confirms receipt with their password. */
export const returnCashToVaultSchema = z.object({
  type: z.literal('ReturnCashToVault'),
  currency,
  amount,
  branchId: z.string().min(1).optional(),
  till: tillFactsSchema.optional(),
  receivedBy: confirmedBy,
});

/** Cash arrives from the cash centre. */
export const receiveCashShipmentSchema = z.object({ type: z.literal('ReceiveCashShipment'), currency, amount, reference, branchId: z.string().min(1).optional() });

/** Cash leaves for the cash centre. */
export const shipCashToCentreSchema = z.object({ type: z.literal('ShipCashToCentre'), currency, amount, reference, branchId: z.string().min(1).optional() });

/** The vault is counted note by note; a difference is booked to cash over/short with a reason. */
export const countVaultSchema = z.object({
  type: z.literal('CountVault'),
  currency,
  count,
  reason,
  branchId: z.string().min(1).optional(),
  businessDay: day.optional(),
  signOffOver,
  signedOffBy: confirmedBy,
});

/** The branch as main's books show it when a day closes: its tills and vaults. */
export const branchCashSchema = z.object({
  branchId: z.string().min(1),
  /** The branch's current business day when the close was asked for. */
  currentDay: day,
  tills: z.array(z.object({ tillId: z.string().min(1), teller: z.string().min(1), currency: z.string().length(3), open: z.boolean(), counted: minor })),
  vaults: z.array(z.object({ vaultId: z.string().min(1), currency: z.string().length(3), counted: minor, countedDay: day.optional(), movedSinceCount: z.boolean() })),
});
export type BranchCash = z.infer<typeof branchCashSchema>;

/** A supervisor closes the branch's business day (the current one unless named): every till closed, every vault counted. */
export const closeBusinessDaySchema = z.object({ type: z.literal('CloseBusinessDay'), businessDay: day.optional(), branch: branchCashSchema.optional() });

export type OpenTill = z.infer<typeof openTillSchema>;
export type CloseTill = z.infer<typeof closeTillSchema>;
export type IssueCashToTill = z.infer<typeof issueCashToTillSchema>;
export type ReturnCashToVault = z.infer<typeof returnCashToVaultSchema>;
export type ReceiveCashShipment = z.infer<typeof receiveCashShipmentSchema>;
export type ShipCashToCentre = z.infer<typeof shipCashToCentreSchema>;
export type CountVault = z.infer<typeof countVaultSchema>;
export type CloseBusinessDay = z.infer<typeof closeBusinessDaySchema>;

export type TillCommand = OpenTill | CloseTill;
export type VaultCommand = IssueCashToTill | ReturnCashToVault | ReceiveCashShipment | ShipCashToCentre | CountVault;
export type BranchDayCommand = CloseBusinessDay;
export type CashCommand = TillCommand | VaultCommand | BranchDayCommand;

/** What staff may send: the same commands without the facts main fills in. */
export const cashRequestSchemas = [
  openTillSchema.omit({ till: true, signOffOver: true, signedOffBy: true }),
  closeTillSchema.omit({ till: true, signOffOver: true, signedOffBy: true }),
  issueCashToTillSchema.omit({ branchId: true, till: true, receivedBy: true }),
  returnCashToVaultSchema.omit({ branchId: true, till: true, receivedBy: true }),
  receiveCashShipmentSchema.omit({ branchId: true }),
  shipCashToCentreSchema.omit({ branchId: true }),
  countVaultSchema.omit({ branchId: true, businessDay: true, signOffOver: true, signedOffBy: true }),
  closeBusinessDaySchema.omit({ branch: true }),
] as const;

/** Everything main runs, with the facts it filled in (sync decides a command again with them). */
export const cashCommandSchemas = [
  openTillSchema,
  closeTillSchema,
  issueCashToTillSchema,
  returnCashToVaultSchema,
  receiveCashShipmentSchema,
  shipCashToCentreSchema,
  countVaultSchema,
  closeBusinessDaySchema,
] as const;

export const CASH_COMMAND_TYPES = ['OpenTill', 'CloseTill', 'IssueCashToTill', 'ReturnCashToVault', 'ReceiveCashShipment', 'ShipCashToCentre', 'CountVault', 'CloseBusinessDay'] as const;

export const isCashCommand = (command: { readonly type: string }): command is CashCommand => (CASH_COMMAND_TYPES as readonly string[]).includes(command.type);
