import { describe, expect, it } from 'vitest';
import { jsonErrorAt } from './world-file.js';

const errorOf = (text: string) => {
  try {
    JSON.parse(text);
  } catch (error) {
    return error as Error;
  }
  throw new Error('parsed');
};

describe('jsonErrorAt', () => {
  it.each([
    { given: '{\n  "a": 1,\n  b\n}', want: /^line 3, column 3: / },
    { given: '{"a": 1,}', want: /^line 1, column 9: / },
    { given: '{\n"a":', want: /^line 2, column 5: Unexpected end of JSON input$/ },
  ])('$given → $want', ({ given, want }) => {
    expect(jsonErrorAt(given, errorOf(given))).toMatch(want);
  });

  it("reads Node 22's own '(line L column C)' the same way, without saying it twice", () => {
    const error = new Error('Expected double-quoted property name in JSON at position 14 (line 3 column 3)');
    expect(jsonErrorAt('{\n  "a": 1,\n  b\n}', error)).toBe('line 3, column 3: Expected double-quoted property name');
  });
});
