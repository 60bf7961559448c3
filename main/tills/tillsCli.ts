/**
 * `fidelis till …`, `vault …` and `day …`: a teller's till on this workstation (open and close by count, show, cash
 * back to the vault), the branch's vault (cash centre, cash to tills, counts) and its business day. The second person
 * of a transfer or a sign-off gives their name with --approver and their password in FIDELIS_APPROVER_PASSWORD.
 */

import { DomainError } from '@fidelis/shared/errors.js';
import type { BranchDayDto, TillViewDto, VaultViewDto } from '@fidelis/shared/tills/api.js';
import { denominationsOf, type Denomination, type DenominationCount } from '@fidelis/shared/tills/index.js';
import type { CliCommand, CliContext, LedgerCommand } from '../cli/cliCommand.js';
import { signedInAs } from '../cli/cliCommand.js';
import type { CommandOutcome } from '../ledger/commandPipeline.js';
import type { MyTills } from './tills.js';

const str = (context: CliContext, name: string): string | undefined => context.options[name] as string | undefined;
const metaOf = (context: CliContext) => ({ commandId: str(context, 'command-id') });

/**
 * A count as typed: `N100=24,N20=4,C0.25=8` (denomination=pieces, see `fidelis till denominations`). An empty
 * count (`--count ""` or `--count none`) is a drawer counted empty.
 */
export function parseCount(text: string | undefined): DenominationCount {
  const typed = (text ?? '').trim();
  if (typed === '' || typed.toLowerCase() === 'none') return {};
  const count: Record<string, number> = {};
  for (const part of typed.split(',')) {
    const match = /^\s*([NC][0-9.]+)\s*=\s*(\d{1,8})\s*$/i.exec(part);
    if (!match) throw new DomainError('VALIDATION', `"${part.trim().slice(0, 30)}" is no denomination=pieces pair: write the count as N100=24,N20=4,C0.25=8.`, 'count');
    const id = match[1]!.toUpperCase();
    if (Object.hasOwn(count, id)) throw new DomainError('VALIDATION', `${id} is counted twice: give each denomination once.`, 'count');
    count[id] = Number(match[2]);
  }
  return count;
}

const currency = { type: 'string', value: 'CODE', help: 'The cash currency (USD by default).' } as const;
const count = { type: 'string', value: 'COUNT', help: 'Pieces per denomination: N100=24,N20=4,C0.25=8 (none for an empty drawer).' } as const;
const reason = { type: 'string', value: 'TEXT', help: 'Why the count differs from the books (needed when it does).' } as const;
const amount = { type: 'string', value: 'AMOUNT', help: 'In the currency: "500", "500.25".' } as const;
const reference = { type: 'string', value: 'TEXT', help: "The cash centre's shipment reference." } as const;

const outcomeJson = (outcome: CommandOutcome) => ({
  streamId: outcome.streamId,
  version: outcome.version,
  events: outcome.events.map((event) => ({ type: event.type, data: event.data })),
  ...(outcome.duplicate ? { duplicate: true } : {}),
});

const outcomeText = (result: ReturnType<typeof outcomeJson>) =>
  `${result.streamId} at version ${result.version}: ${result.events.map((e) => e.type).join(', ')}${result.duplicate ? ' (already recorded earlier)' : ''}`;

const tillLine = (t: TillViewDto) =>
  `${t.currency}  ${t.status.padEnd(6)}  ${t.teller} on ${t.workstation}  day ${t.businessDay}  position ${t.position}  (opened ${t.opening}, in ${t.customerIn}, out ${t.customerOut}, from vault ${t.fromVault}, to vault ${t.toVault}${t.difference === null ? '' : `, counted ${t.counted}, difference ${t.difference}`})`;
const vaultLine = (v: VaultViewDto) => `${v.currency}  vault ${v.vaultId}  position ${v.position}  counted ${v.counted}${v.countedDay ? ` on ${v.countedDay}` : ' (never)'}${v.movedSinceCount ? ', moved since' : ''}`;

const run = (type: string, fields: (context: CliContext) => Record<string, unknown>): LedgerCommand['run'] => async (context) => outcomeJson(await context.host.execute({ type, ...fields(context) }, metaOf(context)));

export const tillCommands: CliCommand[] = [
  {
    words: ['till', 'open'],
    args: [],
    options: { currency, count, reason },
    required: ['count'],
    idempotent: true,
    access: 'post',
    summary: 'Open your till on this workstation for the business day by counting it (a difference from its last closing needs a reason).',
    run: run('OpenTill', (c) => ({ currency: str(c, 'currency'), count: parseCount(str(c, 'count')), reason: str(c, 'reason') })),
    text: outcomeText,
  },
  {
    words: ['till', 'close'],
    args: [],
    options: { currency, count, reason },
    required: ['count'],
    idempotent: true,
    access: 'post',
    summary: 'Close your till by counting it: a difference is booked to cash over/short (over the sign-off amount, with --approver SUPERVISOR).',
    run: run('CloseTill', (c) => ({ currency: str(c, 'currency'), count: parseCount(str(c, 'count')), reason: str(c, 'reason') })),
    text: outcomeText,
  },
  {
    words: ['till', 'return-cash'],
    args: [],
    options: { currency, amount },
    required: ['amount'],
    idempotent: true,
    access: 'post',
    summary: 'Give cash from your till back to the vault; the vault holder confirms with --approver NAME.',
    run: run('ReturnCashToVault', (c) => ({ currency: str(c, 'currency'), amount: str(c, 'amount') })),
    text: outcomeText,
  },
  {
    words: ['till', 'show'],
    readOnly: true,
    args: [],
    options: {},
    access: 'post',
    summary: 'Your tills on this workstation: position, the day so far, the last count.',
    run: (context) => context.host.tills.mine(signedInAs(context).username),
    text: (mine: MyTills) => [`business day ${mine.businessDay} on workstation ${mine.workstation}`, ...(mine.tills.length === 0 ? ['no till opened yet'] : mine.tills.map(tillLine))].join('\n'),
  },
  {
    words: ['till', 'denominations'],
    args: [],
    options: { currency },
    access: 'read',
    summary: 'The notes and coins a count names, with their ids (N100, C0.25…).',
    run: async (context) => {
      const code = (str(context, 'currency') ?? 'USD').trim().toUpperCase();
      return { currency: code, denominations: denominationsOf(code) };
    },
    text: ({ currency: code, denominations }: { currency: string; denominations: readonly Denomination[] }) =>
      denominations.map((d) => `${d.id.padEnd(8)} ${d.kind} of ${d.face} ${code}`).join('\n'),
  },
  {
    words: ['vault', 'receive'],
    args: [],
    options: { currency, amount, reference },
    required: ['amount', 'reference'],
    idempotent: true,
    access: 'vault',
    summary: 'Record cash received from the cash centre, with its shipment reference.',
    run: run('ReceiveCashShipment', (c) => ({ currency: str(c, 'currency'), amount: str(c, 'amount'), reference: str(c, 'reference') })),
    text: outcomeText,
  },
  {
    words: ['vault', 'ship'],
    args: [],
    options: { currency, amount, reference },
    required: ['amount', 'reference'],
    idempotent: true,
    access: 'vault',
    summary: 'Record cash shipped to the cash centre, with its shipment reference.',
    run: run('ShipCashToCentre', (c) => ({ currency: str(c, 'currency'), amount: str(c, 'amount'), reference: str(c, 'reference') })),
    text: outcomeText,
  },
  {
    words: ['vault', 'issue'],
    args: [],
    options: { teller: { type: 'string', value: 'USERNAME', help: 'The teller whose till on this workstation receives the cash (they confirm with --approver).' }, currency, amount },
    required: ['teller', 'amount'],
    idempotent: true,
    access: 'vault',
    summary: "Give cash from the vault to a teller's open till on this workstation; the teller confirms with --approver TELLER.",
    run: run('IssueCashToTill', (c) => ({ teller: str(c, 'teller'), currency: str(c, 'currency'), amount: str(c, 'amount') })),
    text: outcomeText,
  },
  {
    words: ['vault', 'count'],
    args: [],
    options: { currency, count, reason },
    required: ['count'],
    idempotent: true,
    access: 'vault',
    summary: 'Count the vault: a difference is booked to cash over/short (over the sign-off amount, with --approver SUPERVISOR).',
    run: run('CountVault', (c) => ({ currency: str(c, 'currency'), count: parseCount(str(c, 'count')), reason: str(c, 'reason') })),
    text: outcomeText,
  },
  {
    words: ['vault', 'show'],
    readOnly: true,
    args: [],
    options: {},
    access: 'read',
    summary: "The branch's vaults and tills: positions and last counts.",
    run: (context) => context.host.tills.branchDay(),
    text: (day: BranchDayDto) => [...(day.vaults.length === 0 ? ['no vault holds cash yet'] : day.vaults.map(vaultLine)), ...day.tills.map(tillLine)].join('\n'),
  },
  {
    words: ['day', 'show'],
    readOnly: true,
    args: [],
    options: {},
    access: 'read',
    summary: "The branch's business day: the last close, and what keeps today's from closing.",
    run: (context) => context.host.tills.branchDay(),
    text: (day: BranchDayDto) =>
      [
        `business day ${day.businessDay} at branch ${day.branchId} (last closed: ${day.lastClosed ?? 'never'})`,
        ...(day.blockers.length === 0 ? ['ready to close'] : day.blockers.map((b) => `- ${b}`)),
      ].join('\n'),
  },
  {
    words: ['day', 'close'],
    args: [],
    options: { date: { type: 'string', value: 'YYYY-MM-DD', help: 'The business day to close (the current one by default).' } },
    idempotent: true,
    access: 'vault',
    summary: "Close the branch's business day once every till is closed and every vault counted; postings after it go to the next day.",
    run: run('CloseBusinessDay', (c) => ({ businessDay: str(c, 'date') })),
    text: outcomeText,
  },
];
