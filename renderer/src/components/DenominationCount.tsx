/**
 * Counting cash by denomination: one line per note and coin of the currency, pieces typed in, each line's amount and
 * the total adding up as the teller types; against the books' figure (a till's last closing, its position, the
 * vault's), the difference shows as over or short before the count is accepted.
 */

import { countTotal, denominationsOf, type DenominationCount as Count } from '@fidelis/shared/tills/denominations.js';
import { formatMoney } from '@fidelis/shared/money/display.js';

/** Pieces as typed, by denomination id (an empty field counts none). */
export type TypedCount = Readonly<Record<string, string>>;

const PIECES = /^\d{1,8}$/;

/** The count as main takes it, or the first denomination whose pieces are not a whole number. */
export function countOf(typed: TypedCount): { count: Count } | { invalid: string } {
  const count: Record<string, number> = {};
  for (const [id, text] of Object.entries(typed)) {
    const trimmed = text.trim();
    if (trimmed === '') continue;
    if (!PIECES.test(trimmed)) return { invalid: id };
    if (Number(trimmed) > 0) count[id] = Number(trimmed);
  }
  return { count };
}

/** The total of what was typed so far, in minor units (lines not yet whole numbers count as none). */
export function typedTotal(currency: string, typed: TypedCount): bigint {
  const valid = Object.fromEntries(Object.entries(typed).filter(([, text]) => PIECES.test(text.trim())).map(([id, text]) => [id, Number(text.trim())]));
  return countTotal(currency, valid);
}

export interface DenominationCountProps {
  readonly currency: string;
  readonly typed: TypedCount;
  onChange(typed: TypedCount): void;
  /** What the books hold (minor units), to show the difference against; absent: no comparison. */
  readonly expected?: bigint | undefined;
  /** What the books' figure is, in words: "the last closing", "the till's position". */
  readonly expectedLabel?: string;
  /** A refusal on the count (a denomination main did not take). */
  readonly error?: string | undefined;
}

export function DenominationCount({ currency, typed, onChange, expected, expectedLabel = 'the books', error }: DenominationCountProps) {
  const table = denominationsOf(currency);
  const total = typedTotal(currency, typed);
  const difference = expected === undefined ? undefined : total - expected;
  const money = (minor: bigint) => formatMoney(minor, currency);
  return (
    <fieldset className="count">
      <legend>Count by denomination ({currency})</legend>
      <table className="count__table">
        <thead>
          <tr>
            <th scope="col">Denomination</th>
            <th scope="col" className="num">
              Pieces
            </th>
            <th scope="col" className="num">
              Amount
            </th>
          </tr>
        </thead>
        <tbody>
          {table.map((d) => {
            const text = typed[d.id] ?? '';
            const pieces = PIECES.test(text.trim()) ? BigInt(text.trim()) : 0n;
            const invalid = text.trim() !== '' && !PIECES.test(text.trim());
            const label = `${d.kind === 'note' ? 'Notes' : 'Coins'} of ${d.face} ${currency}`;
            return (
              <tr key={d.id}>
                <th scope="row">
                  <label htmlFor={`count-${d.id}`}>{label}</label>
                </th>
                <td className="num">
                  <input
                    id={`count-${d.id}`}
                    className="count__pieces"
                    inputMode="numeric"
                    autoComplete="off"
                    value={text}
                    aria-invalid={invalid}
                    data-denomination={d.id}
                    onChange={(event) => onChange({ ...typed, [d.id]: event.target.value })}
                  />
                </td>
                <td className="num">{pieces === 0n ? '' : money(pieces * BigInt(d.value))}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Counted</th>
            <td />
            <td className="num" data-testid="count-total" aria-live="polite">
              {money(total)}
            </td>
          </tr>
          {expected === undefined ? null : (
            <>
              <tr>
                <th scope="row">Expected ({expectedLabel})</th>
                <td />
                <td className="num">{money(expected)}</td>
              </tr>
              <tr className={difference === 0n ? 'count__exact' : 'count__difference'}>
                <th scope="row">Difference</th>
                <td />
                <td className="num" data-testid="count-difference" aria-live="polite">
                  {difference === 0n ? 'None: the count agrees' : `${difference! < 0n ? 'Short' : 'Over'} by ${money(difference! < 0n ? -difference! : difference!)}`}
                </td>
              </tr>
            </>
          )}
        </tfoot>
      </table>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
