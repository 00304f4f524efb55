import { expect, it } from 'vitest';
import { parseJsonFile } from './json-error.js';

it.each([
  ['{\n  "a": 1,\n  "b": }\n', /^f\.json: line 3, column 8: Unexpected token '\}'.*\(ValueExpected\)$/s],
  ['{\n  "a": [1, 2\n', /^f\.json: line 3, column 1: .*\(CloseBracketExpected\)$/s],
  ['{"a": 1,}', /^f\.json: line 1, column 9: .*\(PropertyNameExpected\)$/s],
  ['{"a": 1} // note', /^f\.json: line 1, column 10: /],
  ['', /^f\.json: line 1, column 1: Unexpected end of JSON input/],
])('names the line and column of %j', (text, want) => {
  expect(() => parseJsonFile(text, 'f.json')).toThrow(want);
});

it('parses valid JSON', () => {
  expect(parseJsonFile('{"a": [1]}', 'f.json')).toEqual({ a: [1] });
});
