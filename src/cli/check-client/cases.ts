/**
 * The cases `check-client` puts a client through: every contract scenario (the successes with every optional
 * parameter, today's included, and each documented error of today's edition under the provider state that
 * produces it), then what the contracts cannot show: transient failures a client may retry, a slow answer,
 * and answers in XML.
 */
import { catalogueEntry, type ErrorId } from '../../catalogue.js';
import { STATES, type StateName, type StateParams } from '../../contracts/provider-states.js';
import { CONTRACT_DISK, type Scenario, type ScenarioInput, scenarios } from '../../contracts/scenarios.js';
import type { FaultRule } from '../../core/faults.js';

export type AnswerFormat = 'JSON' | 'XML';

export interface ClientCase {
  /** Unique; what `--scenarios` matches and the matrix rows are named by. */
  name: string;
  state: { name: StateName; params: StateParams };
  input: ScenarioInput;
  /** The answer format the call asks the client for. */
  format: AnswerFormat;
  /** Injected after the provider state is set up (which may inject its own). */
  faults: FaultRule[];
  /** What the client's first request must meet: the point of the scenario. */
  expected: 'success' | ErrorId;
  /**
   * The simulator's verdict on every request's signature when the client signs right. Only the scenarios
   * about the access key differ: an unknown or disabled key is refused before the signature is checked,
   * and SignatureDoesNotMatch is reached by giving the key another secret than the client signs with.
   */
  signature: 'valid' | 'not-checked' | 'invalid';
}

const SIGNATURE: Partial<Record<ErrorId, ClientCase['signature']>> = {
  InvalidAccessKeyId: 'not-checked',
  'InvalidAccessKeyId.NotFound': 'not-checked',
  'InvalidAccessKeyId.Inactive': 'not-checked',
  SignatureDoesNotMatch: 'invalid',
};

/** The success with every optional parameter, its DiskId filled in. */
const success = scenarios.find((s) => s.answer === 'success') as Scenario;
const healthy = { name: STATES.healthyDisk, params: { diskId: CONTRACT_DISK } };
const label = (id: ErrorId) => `${catalogueEntry(id).status} ${catalogueEntry(id).code}`;

const retry = (id: ErrorId, token: string): ClientCase => ({
  name: `retry: ${label(id)} injected once`,
  state: healthy,
  input: { diskId: CONTRACT_DISK, clientToken: token },
  format: 'JSON',
  faults: [{ action: 'CreateSnapshot', code: id, times: 1 }],
  expected: id,
  signature: 'valid',
});

/** Every case, in the order they run. */
export const clientCases: ClientCase[] = [
  ...scenarios.map(
    (s): ClientCase => ({
      name: s.name,
      state: s.state,
      input: s.input,
      format: 'JSON',
      faults: [],
      expected: s.answer,
      signature: (s.answer === 'success' ? undefined : SIGNATURE[s.answer]) ?? 'valid',
    }),
  ),
  retry('InternalError', 'ct-check-client-internal-error'),
  retry('ServiceUnavailable', 'ct-check-client-service-unavailable'),
  retry('Throttling', 'ct-check-client-throttling'),
  {
    name: 'latency: the answer is 1000 ms late',
    state: healthy,
    input: { diskId: CONTRACT_DISK },
    format: 'JSON',
    faults: [{ action: 'CreateSnapshot', times: 1, delayMs: 1000 }],
    expected: 'success',
    signature: 'valid',
  },
  {
    name: `XML: ${success.name}, answered in XML`,
    state: success.state,
    input: success.input,
    format: 'XML',
    faults: [],
    expected: 'success',
    signature: 'valid',
  },
  {
    name: `XML: a CreateSnapshot request answered ${label('InvalidDiskId.NotFound')} in XML`,
    state: { name: STATES.diskMissing, params: { diskId: CONTRACT_DISK } },
    input: { diskId: CONTRACT_DISK },
    format: 'XML',
    faults: [],
    expected: 'InvalidDiskId.NotFound',
    signature: 'valid',
  },
];

/**
 * The cases whose name contains `pattern`, or matches it as a regular expression (case-insensitive).
 * A pattern that is not a valid expression is matched as text only.
 */
export function selectCases(pattern: string | undefined, cases: ClientCase[] = clientCases): ClientCase[] {
  if (pattern === undefined) return cases;
  let re: RegExp | undefined;
  try {
    re = new RegExp(pattern, 'i');
  } catch {
    re = undefined;
  }
  return cases.filter((c) => c.name.includes(pattern) || re?.test(c.name) === true);
}
