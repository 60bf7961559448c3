/**
 * Bulk migration of accounts from a legacy core (`fidelis import accounts FILE.csv`): one OpenAccount per row, on
 * the bulk lane so a teller's command never waits behind it, idempotent per row (its command id comes from the
 * account number, so a re-run skips what was imported), ending with the rejected rows and why.
 */

import { isDomainError } from '@fidelis/shared/errors.js';
import type { Host } from '../host.js';
import { parseCsv } from './csv.js';

export interface RejectedRow {
  readonly line: number;
  readonly number: string;
  readonly field?: string;
  readonly reason: string;
}

export interface ImportReport {
  readonly rows: number;
  readonly imported: number;
  /** Rows imported by an earlier run. */
  readonly skipped: number;
  readonly rejected: readonly RejectedRow[];
  readonly accounts: readonly { readonly line: number; readonly number: string; readonly accountId: string }[];
}

const COLUMNS = ['number', 'holder', 'currency', 'opening balance', 'opened on'] as const;
type Column = (typeof COLUMNS)[number];

const normalise = (header: string) => header.trim().toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');

/** The command id of a row: the same account number always maps to the same command. */
export const importCommandId = (number: string): string => `import-account-${number}`;

function isValidDay(text: string, today: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text) && text <= today;
}

export async function importAccounts(
  host: Pick<Host, 'execute' | 'processing' | 'store' | 'readModels' | 'settings'>,
  csvText: string,
  options: { actor?: string; now?: () => Date; onProgress?: (done: number, total: number) => void } = {},
): Promise<ImportReport> {
  const parsed = parseCsv(csvText);
  const first = parsed[0];
  const hasHeader = first !== undefined && normalise(first.cells[0] ?? '') === 'number';
  const positions = new Map<Column, number>(COLUMNS.map((column, index) => [column, index]));
  if (hasHeader) {
    const headers = first.cells.map(normalise);
    for (const column of COLUMNS) {
      const index = headers.indexOf(column);
      if (index >= 0) positions.set(column, index);
    }
  }
  const rows = hasHeader ? parsed.slice(1) : parsed;
  const today = (options.now?.() ?? new Date()).toISOString().slice(0, 10);
  const rejected: RejectedRow[] = [];
  const accounts: { line: number; number: string; accountId: string }[] = [];
  const seen = new Set<string>();
  let imported = 0;
  let skipped = 0;

  await host.processing.lanes.run('bulk', async () => {
    for (const [index, row] of rows.entries()) {
      const cell = (column: Column) => (row.cells[positions.get(column)!] ?? '').trim();
      const number = cell('number');
      const reject = (reason: string, field?: string) => rejected.push({ line: row.line, number, reason, ...(field ? { field } : {}) });
      try {
        if (number === '') reject('The account number is missing.', 'number');
        else if (seen.has(number)) reject(`Account number ${number} appears earlier in the file.`, 'number');
        else if (!isValidDay(cell('opened on'), today)) reject(`"${cell('opened on')}" is not an opening date (YYYY-MM-DD, not in the future).`, 'openedOn');
        else {
          seen.add(number);
          const commandId = importCommandId(number);
          const before = await host.store.findByCommand(commandId);
          if (!before && (await host.readModels.accountSummaries.count({ number })) > 0) {
            reject(`Account number ${number} is already in use by an account that was not imported.`, 'number');
          } else {
            const outcome = await host.execute(
              { type: 'OpenAccount', number, holder: cell('holder'), currency: cell('currency').toUpperCase() || undefined, openingDeposit: cell('opening balance') || '0' },
              { commandId, actor: options.actor ?? 'legacy-import' },
            );
            accounts.push({ line: row.line, number, accountId: outcome.aggregateId });
            if (outcome.duplicate) skipped++;
            else imported++;
          }
        }
      } catch (error) {
        if (!isDomainError(error)) throw error;
        reject(error.code === 'IDEMPOTENCY_CONFLICT' ? `Account number ${number} was imported before with different details.` : error.message, error.field);
      }
      options.onProgress?.(index + 1, rows.length);
    }
  });
  return { rows: rows.length, imported, skipped, rejected, accounts };
}
