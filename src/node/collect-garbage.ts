/**
 * One full garbage collection now. Loading a large World document leaves hundreds of MiB of garbage (the file's
 * text, the parsed document) that V8 may keep for a long time while the server is busy: a world of 1,000,000
 * snapshots ran at 560 MiB or at 1,090 MiB depending on when the collector came round. Node offers gc() only
 * with --expose-gc, which a package's bin cannot pass on every platform; V8 takes the flag at run time for the
 * contexts created after it (what jest's leak detector does), and the flag is turned off again at once.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export function collectGarbage(): void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed !== undefined) {
    exposed();
    return;
  }
  setFlagsFromString('--expose-gc');
  try {
    (runInNewContext('gc') as () => void)();
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}
