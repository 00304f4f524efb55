import type { Simulator } from '../../src/core/simulator.js';
import { simulatorFetch } from '../../src/protocol/fetch-handler.js';
import { nodeHasher } from '../../src/protocol/node-hasher.js';

/** A fetch served by `sim` in process; every Request is kept (cloned) in `seen` for the wire assertions. */
export function recordingFetch(sim: Simulator, seen: Request[] = []): typeof fetch {
  const served = simulatorFetch(sim, { hasher: nodeHasher });
  return (input, init) => {
    const request = new Request(input, init);
    seen.push(request.clone());
    return served(request);
  };
}
