/**
 * Text that leaves Fidelis in a file: control characters and bidirectional overrides stripped (a name cannot hide
 * what it says or break a line), spreadsheet formulas neutralised (OWASP's CSV injection rules), and XML's forbidden
 * characters removed with a record of what was removed.
 */

/** C0 and C1 controls and DEL; tab, CR and LF are read as spaces first. */
const CONTROLS = /[\u0000-\u001F\u007F-\u009F]/gu;
/** Bidirectional embedding, override and isolate marks (U+202A–U+202E, U+2066–U+2069) and the LRM/RLM/ALM marks. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
/** Lone surrogates and the two non-characters U+FFFE, U+FFFF: XML 1.0 cannot carry them, and no text needs them. */
const BROKEN = /[\uD800-\uDFFF\uFFFE\uFFFF]/gu;
const WHITESPACE_CONTROLS = /[\t\r\n]/g;

/** A cell a spreadsheet would start evaluating: =, +, -, @ (and full-width =), after any leading spaces. */
const FORMULA_START = /^\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/u;
/** A plain number (an amount, a count): never a formula, even negative. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** The text with tab, CR and LF as spaces and every other control and bidi mark removed. */
export function stripControls(value: string): string {
  return value.replace(WHITESPACE_CONTROLS, ' ').replace(CONTROLS, '').replace(BIDI, '').replace(BROKEN, '');
}

/**
 * A cell as a spreadsheet may safely open it (OWASP CSV injection): controls stripped, and a cell starting like a
 * formula prefixed with an apostrophe so it is read as text. Plain numbers stay numbers.
 */
export function spreadsheetCell(value: string): string {
  const stripped = stripControls(value);
  if (PLAIN_NUMBER.test(stripped)) return stripped;
  return FORMULA_START.test(stripped) ? `'${stripped}` : stripped;
}

/** What was removed from one value written into an XML file. */
export interface XmlCleaning {
  /** Where the value goes ("Part I name of customer C-1, line of 2026-03-02"). */
  readonly where: string;
  /** The characters removed, as code points (U+0000). */
  readonly removed: readonly string[];
}

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The value without the characters XML forbids (and controls, bidi marks), with the list of what went. */
export function xmlSafe(value: string): { text: string; removed: string[] } {
  const removed: string[] = [];
  const keep = (pattern: RegExp, input: string) =>
    input.replace(pattern, (ch) => {
      removed.push(codePoint(ch));
      return '';
    });
  const text = keep(BROKEN, keep(BIDI, keep(CONTROLS, value.replace(WHITESPACE_CONTROLS, ' '))));
  return { text, removed };
}
