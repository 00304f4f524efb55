import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of this package, found from here whether we run from src/ (tsx) or from dist/src/ (compiled). */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'ecs-createsnapshot-conformance')
      return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json of ecs-createsnapshot-conformance not found above ${from}`);
    dir = parent;
  }
}
