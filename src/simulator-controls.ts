/**
 * The control plane in process: the same operations and checks as the HTTP endpoints under /_sim/, for a
 * simulator you hold. Here rather than in the MSW adapter, so that the package's main entry (and the CLI)
 * load without msw, which is an optional peer dependency.
 */
import {
  type ControlResult,
  clearRequests,
  listFaults,
  moveClock,
  readWorld,
  recentRequests,
  replaceFaults,
  replaceWorld,
  resetWorld,
} from './core/controls.js';
import type { FaultRule } from './core/faults.js';
import type { Simulator } from './core/simulator.js';
import type { WorldDocument } from './core/world-document.js';

/** Bad input to an in-process control: the message lists every problem, naming the field and the rule. */
export class InvalidControlInput extends Error {
  override name = 'InvalidControlInput';
  constructor(readonly errors: string[]) {
    super(errors.join('\n'));
  }
}

/**
 * The value, or InvalidControlInput. Input the checks could not even read (a value nested too deep for the stack,
 * a getter that throws) is refused the same way: the checks run before anything changes.
 */
const orThrow = <T>(control: () => ControlResult<T>): T => {
  let result: ControlResult<T>;
  try {
    result = control();
  } catch (error) {
    throw new InvalidControlInput([`(input): cannot be read (${String((error as Error)?.message).slice(0, 200)})`]);
  }
  if (!result.ok) throw new InvalidControlInput(result.errors);
  return result.value;
};

/**
 * The control plane, in process: the same operations and checks as the HTTP endpoints under /_sim/.
 * `simulatorControls(simulator.tenant(accessKeyId))` acts on the world of one test key (core/tenants.ts).
 */
export function simulatorControls(sim: Simulator) {
  return {
    reset: () => resetWorld(sim),
    world: (): WorldDocument => readWorld(sim),
    setWorld: (document: unknown): WorldDocument => orThrow(() => replaceWorld(sim, document)),
    advanceClock: (seconds: number) => orThrow(() => moveClock(sim, { advanceSeconds: seconds })),
    setNow: (iso: string) => orThrow(() => moveClock(sim, { now: iso })),
    setFaults: (rules: unknown[]): { rules: FaultRule[] } => orThrow(() => replaceFaults(sim, { rules })),
    faults: (): FaultRule[] => listFaults(sim).rules,
    /** The journal, oldest first; the newest `limit` only when given. */
    requests: (limit?: number) => orThrow(() => recentRequests(sim, limit)).requests,
    clearRequests: () => clearRequests(sim),
  };
}
