/** `fidelis rates set|list`: exchange rates per currency and business day, as US dollars per unit of the currency. */

import type { RateRow } from '@fidelis/shared/rates/api.js';
import type { CliCommand } from '../cli/cliCommand.js';

const str = (value: string | boolean | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

const line = (r: RateRow) => `${r.day}  ${r.currency}  ${r.usdPerUnit} USD per unit  (recorded by ${r.recordedBy}${r.revisions > 1 ? `, corrected ${r.revisions - 1}×: ${r.reason ?? ''}` : ''})`;

export const rateCommands: CliCommand[] = [
  {
    words: ['rates', 'set'],
    args: [],
    options: {
      date: { type: 'string', value: 'YYYY-MM-DD', help: 'The business day the rate is for.' },
      currency: { type: 'string', value: 'CODE', help: 'The foreign currency (ISO 4217, such as JPY).' },
      'usd-per-unit': { type: 'string', value: 'RATE', help: 'US dollars for one unit of the currency, exactly (JPY: 0.0067).' },
      reason: { type: 'string', value: 'TEXT', help: 'Why a rate already recorded for the day changes.' },
    },
    required: ['date', 'currency', 'usd-per-unit'],
    idempotent: true,
    access: 'rates',
    summary: "Record a currency's exchange rate for a business day (US dollars per unit); reports convert that day's foreign cash with it.",
    async run(context) {
      const o = context.options;
      // The signed-in person's command (host.execute acts as them): a supervisor's to record.
      const outcome = await context.host.execute({ type: 'RecordExchangeRate', day: str(o.date), currency: str(o.currency), usdPerUnit: str(o['usd-per-unit']), reason: str(o.reason) }, { commandId: str(o['command-id']) });
      const { day, currency } = outcome.events[0]!.data as { day: string; currency: string };
      return (await context.host.rates.get(day, currency))!;
    },
    text: (row: RateRow) => line(row),
  },
  {
    words: ['rates', 'list'],
    readOnly: true,
    args: [],
    options: {
      from: { type: 'string', value: 'YYYY-MM-DD', help: 'First day.' },
      to: { type: 'string', value: 'YYYY-MM-DD', help: 'Last day.' },
      currency: { type: 'string', value: 'CODE', help: 'Only this currency.' },
    },
    access: 'read',
    summary: 'List the exchange rates recorded, newest day first.',
    async run(context) {
      const o = context.options;
      return { rates: await context.host.rates.list({ from: str(o.from), to: str(o.to), currency: str(o.currency)?.trim().toUpperCase() }) };
    },
    text: ({ rates }: { rates: RateRow[] }) => (rates.length === 0 ? 'no rates recorded' : rates.map(line).join('\n')),
  },
];
