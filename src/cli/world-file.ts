/** `serve --world FILE`: the World document to start from and go back to on reset, read and checked once. */
import { readFileSync } from 'node:fs';
import type { World } from '../core/world.js';
import { parseWorldDocument } from '../core/world-document.js';
import { UsageError } from './usage.js';

/**
 * Where JSON.parse stopped, as `line L, column C` (1-based): Node 20 names only a byte offset ("at position N"),
 * Node 22 adds "(line L column C)" itself; input that ends too early stops at its end.
 */
export function jsonErrorAt(text: string, error: Error): string {
  const message = error.message.replace(/\s*\(line \d+ column \d+\)$/, '');
  const position = /at position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : /end of JSON input/.test(message) ? text.length : undefined;
  if (offset === undefined) return message;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}: ${message.replace(/ in JSON at position \d+/, '')}`;
}

export function worldFromFile(path: string): (now: number) => World {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`--world: cannot read ${path}: ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--world: ${path} is not JSON: ${jsonErrorAt(text, error as Error)}`);
  }
  const first = parseWorldDocument(document, Date.now());
  if (!first.ok)
    throw new UsageError(`--world: ${path} is not a valid World document:\n  ${first.errors.join('\n  ')}`);
  // The first start uses the world just checked (a large world is parsed once); a reset parses the text again.
  // The text is what is kept for that, not the parsed document: for a large world, that is several times smaller.
  let unused: World | undefined = first.world;
  document = undefined;
  return (now) => {
    if (unused !== undefined) {
      const world = unused;
      unused = undefined;
      return world;
    }
    const parsed = parseWorldDocument(JSON.parse(text), now);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    return parsed.world;
  };
}
