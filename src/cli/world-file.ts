/** `serve --world FILE`: the World document to start from and go back to on reset, read and checked once. */
import { readFileSync } from 'node:fs';
import type { World } from '../core/world.js';
import { parseWorldDocument } from '../core/world-document.js';
import { jsonErrorAt } from './json-error.js';
import { UsageError } from './usage.js';

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
