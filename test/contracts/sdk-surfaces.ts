/** What the Alibaba SDKs tell their callers for each scenario, as their consumer contracts record it. */
import { catalogueEntry, DEFAULT_EDITION, type Edition, type ErrorId, factsOf } from '../../src/catalogue.js';
import type { Scenario } from '../../src/contracts/scenarios.js';
import { EXAMPLE_REQUEST_ID, EXAMPLE_SNAPSHOT_ID, type Surfaced } from './pact-harness.js';

const success: Surfaced = { ok: true, snapshotId: EXAMPLE_SNAPSHOT_ID, requestId: EXAMPLE_REQUEST_ID };

/** @alicloud/ecs20140526 7.x: ThrottlingError for codes with Throttling, ServerError for 5xx, ClientError otherwise. */
export function ecsError(id: ErrorId, edition: Edition = DEFAULT_EDITION) {
  const { code } = catalogueEntry(id);
  const { status } = factsOf(catalogueEntry(id), edition);
  const errorClass = code.includes('Throttling') ? 'ThrottlingError' : status >= 500 ? 'ServerError' : 'ClientError';
  return { ok: false, errorClass, code, statusCode: status };
}

export function ecsSurfaces(s: Scenario): Surfaced {
  return s.answer === 'success' ? success : { ...ecsError(s.answer, s.edition), requestId: EXAMPLE_REQUEST_ID };
}

/**
 * @alicloud/pop-core 1.8: an error named after the code (`<Code>Error`); it ignores the HTTP status, so the
 * caller gets no statusCode. A known mishandling, recorded as it is.
 */
export function popError(id: ErrorId) {
  const { code } = catalogueEntry(id);
  return { ok: false, errorClass: `${code}Error`, code, statusCode: undefined };
}

export function popSurfaces(s: Scenario): Surfaced {
  return s.answer === 'success' ? success : { ...popError(s.answer), requestId: EXAMPLE_REQUEST_ID };
}
