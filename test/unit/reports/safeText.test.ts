/** Text leaving Fidelis in a file: spreadsheet cells that cannot run as formulas (OWASP), no controls, XML without forbidden characters. */

import { describe, expect, it } from 'vitest';
import { spreadsheetCell, stripControls, xmlSafe } from '@fidelis/shared/reports/safeText.js';

describe('spreadsheet cells', () => {
  it('neutralises what a spreadsheet would run: =, +, -, @ at the start, after spaces too', () => {
    expect(spreadsheetCell('=HYPERLINK("http://evil","click")')).toBe(`'=HYPERLINK("http://evil","click")`);
    expect(spreadsheetCell('+cmd|/C calc!A0')).toBe("'+cmd|/C calc!A0");
    expect(spreadsheetCell('@SUM(1)')).toBe("'@SUM(1)");
    expect(spreadsheetCell('-2+3')).toBe("'-2+3");
    expect(spreadsheetCell('  =1+1')).toBe("'  =1+1");
    expect(spreadsheetCell('\t=1+1')).toBe("' =1+1");
  });

  it('leaves plain text and numbers alone, negative amounts included', () => {
    expect(spreadsheetCell('Ada Lovelace')).toBe('Ada Lovelace');
    expect(spreadsheetCell('-12.50')).toBe('-12.50');
    expect(spreadsheetCell('10500.50')).toBe('10500.50');
    expect(spreadsheetCell('')).toBe('');
  });

  it('strips NUL, other controls and bidirectional overrides; line breaks and tabs become spaces', () => {
    expect(stripControls('Ada\u0000 Love\u0001lace')).toBe('Ada Lovelace');
    expect(stripControls('\u202Egnp.exe')).toBe('gnp.exe');
    expect(stripControls('two\r\nlines\tand tab')).toBe('two  lines and tab');
  });
});

describe('XML text', () => {
  it('removes what XML 1.0 forbids and says which characters went', () => {
    expect(xmlSafe('Ada\u0000 Lo\u0001ve\u202Elace\uFFFF')).toEqual({ text: 'Ada Lovelace', removed: ['U+0000', 'U+0001', 'U+202E', 'U+FFFF'] });
    expect(xmlSafe('Zoë 𝕏 <&>')).toEqual({ text: 'Zoë 𝕏 <&>', removed: [] });
  });
});
