/** `fidelis report KIND --date D | --from D --to D …`: regulatory reports and exports, with a manifest beside the file. */

import { resolve } from 'node:path';
import type { ReportManifest } from './reports.js';
import type { CliCommand } from '../cli/cliCommand.js';

const str = (value: string | boolean | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

export const reportCommands: CliCommand[] = [
  {
    words: ['report'],
    args: ['KIND'],
    options: {
      date: { type: 'string', value: 'YYYY-MM-DD', help: 'One business day.' },
      from: { type: 'string', value: 'YYYY-MM-DD', help: 'First day of a period (with --to).' },
      to: { type: 'string', value: 'YYYY-MM-DD', help: 'Last day of a period (with --from).' },
      account: { type: 'string', value: 'NUMBER', help: 'The account, by its number (or id); a statement needs one.' },
      format: { type: 'string', value: 'FORMAT', help: 'csv, xlsx, pdf, json, or fincen-xml (the CTR only).' },
      out: { type: 'string', value: 'FILE', help: 'Where to write it; OUT.manifest.json goes beside it.' },
      'include-late': { type: 'boolean', help: 'Also list events of the period recorded after its end (synced late).' },
      'as-of-seq': { type: 'string', value: 'SEQ', help: 'Only events up to this ledger position.' },
      'filing-date': { type: 'string', value: 'YYYY-MM-DD', help: "The FinCEN batch's filing date (the day after the period by default)." },
    },
    required: ['format', 'out'],
    access: 'reports',
    summary:
      "Write a report (ctr, structuring, large, trial-balance, statement, audit, tills, over-short) for business days of the branch as csv, xlsx, pdf, json or fincen-xml (CTR; checked against FinCEN's schema), with OUT.manifest.json beside it.",
    async run(context) {
      const o = context.options;
      const out = str(o.out);
      return context.host.reports.export(
        {
          kind: context.args[0],
          date: str(o.date),
          from: str(o.from),
          to: str(o.to),
          accountId: str(o.account),
          format: str(o.format),
          out: out === undefined ? undefined : resolve(out),
          includeLate: o['include-late'] === true,
          asOfSeq: str(o['as-of-seq']),
          filingDate: str(o['filing-date']),
        },
        (done, total) => context.progress(done, total, `report ${context.args[0]}`),
      );
    },
    text: (m: ReportManifest) =>
      [
        `${m.title}: ${m.file} (${m.format}, ${m.bytes} bytes, sha256 ${m.sha256})`,
        `events up to seq ${m.asOf.lastEventSeq} (${m.asOf.basis})${m.asOf.lateThroughSeq === null ? '' : `, late events through seq ${m.asOf.lateThroughSeq}`}`,
        `rows: ${Object.entries(m.rowCounts).map(([s, n]) => `${s} ${n}`).join(', ') || 'none'}`,
        `totals: ${Object.entries(m.totals).map(([k, v]) => `${k} ${v}`).join(', ')}`,
        ...m.warnings.map((w) => `WARNING: ${w}`),
      ].join('\n'),
  },
];
