/** `fidelis import accounts FILE.csv`: bulk migration from a legacy core, on the low-priority lane. */

import { readFileSync } from 'node:fs';
import { DomainError } from '@fidelis/shared/errors.js';
import { importAccounts, type ImportReport } from './importAccounts.js';
import type { CliCommand } from '../cli/cliCommand.js';

export const importCommands: CliCommand[] = [
  {
    words: ['import', 'accounts'],
    args: ['FILE'],
    options: {},
    access: 'post',
    summary: 'Import accounts from CSV (number, holder, currency, opening balance, opened on); a re-run skips imported rows.',
    async run(context) {
      let text: string;
      try {
        text = readFileSync(context.args[0]!, 'utf8');
      } catch (error) {
        throw new DomainError('NOT_FOUND', `Cannot read ${context.args[0]}: ${(error as Error).message}`, 'file');
      }
      const report = await importAccounts(context.host, text, {
        onProgress: (done, total) => context.progress(done, total, 'importing accounts'),
      });
      return report;
    },
    text: (report: ImportReport) =>
      [
        `${report.rows} rows: ${report.imported} imported, ${report.skipped} already imported, ${report.rejected.length} rejected`,
        ...report.rejected.map((r) => `  line ${r.line} (${r.number || 'no number'}): ${r.reason}`),
      ].join('\n'),
  },
];
