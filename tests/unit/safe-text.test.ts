/* eslint-disable no-control-regex -- these tests look for control characters */
import { describe, expect, it } from 'vitest';
import { safeTerminalBlock, safeText, terminalSafeJson } from '../../shared/text/safe-text';

const OSC52 = '\x1b]52;c;ZXZpbA==\x07'; // a terminal clipboard write
const ERASE = '\x1b[2K\r'; // erase the line
const RLO = '\u202e'; // right-to-left override

describe('safe text from S3 and disk', () => {
  it('replaces ESC/OSC, C1 and bidi controls in a value', () => {
    const s = safeText(`ada${OSC52}@example.com${ERASE}${RLO}gpj.exe\u009b31m`);
    expect(s).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u);
    expect(s).toContain('ada');
    expect(s).toContain('\ufffd');
    expect(safeText('Zoë Åström 日本')).toBe('Zoë Åström 日本');
  });

  it('keeps newlines and tabs in a block for the terminal', () => {
    expect(safeTerminalBlock(`a\tb\nc${ERASE}d\n`)).toBe('a\tb\nc\ufffd[2K\ufffdd\n');
  });

  it('JSON keeps the exact value but shows no control as is', () => {
    const value = { uploadedBy: `x${OSC52}${RLO}y\u009d` };
    const text = terminalSafeJson(value, 2);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/u);
    expect(JSON.parse(text)).toEqual(value);
  });
});
