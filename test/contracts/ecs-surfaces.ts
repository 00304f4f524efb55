import { catalogueEntry } from '../../src/catalogue.js';
import type { Scenario } from '../../src/contracts/scenarios.js';
import { EXAMPLE_REQUEST_ID, EXAMPLE_SNAPSHOT_ID, type Surfaced } from './pact-harness.js';

/** @alicloud/ecs20140526 7.x: ThrottlingError for codes with Throttling, ServerError for 5xx, ClientError otherwise. */
export function ecsSurfaces(s: Scenario): Surfaced {
  if (s.answer === 'success') return { ok: true, snapshotId: EXAMPLE_SNAPSHOT_ID, requestId: EXAMPLE_REQUEST_ID };
  const { code, status } = catalogueEntry(s.answer);
  const errorClass = code.includes('Throttling') ? 'ThrottlingError' : status >= 500 ? 'ServerError' : 'ClientError';
  return { ok: false, errorClass, code, statusCode: status, requestId: EXAMPLE_REQUEST_ID };
}
