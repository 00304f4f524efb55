/**
 * Where a user's JSON is wrong, as `line L, column C` (1-based). JSON.parse names no position for its most
 * common error ("Unexpected token '}', ..."), and only a byte offset for others, so the place comes from
 * jsonc-parser (strict: no comments, no trailing commas), the message from JSON.parse.
 */
import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';

function lineColumn(text: string, offset: number): string {
  const lines = text.slice(0, offset).split('\n');
  return `line ${lines.length}, column ${(lines.at(-1) as string).length + 1}`;
}

export function jsonErrorAt(text: string, error: Error): string {
  const message = error.message
    .replace(/\s*\(line \d+ column \d+\)$/, '')
    .replace(/ in JSON at position \d+$/, '')
    // V8 quotes the text around the token, newlines included: the line and column say where it is.
    .replace(/, (\.\.\.)?".*" is not valid JSON$/s, '');
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first === undefined) return message;
  return `${lineColumn(text, first.offset)}: ${message} (${printParseErrorCode(first.error)})`;
}

/** JSON.parse with the error naming the file, the line and the column. */
export function parseJsonFile(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: ${jsonErrorAt(text, error as Error)}`);
  }
}
