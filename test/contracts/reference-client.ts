/** The reference client as the consumer contracts drive it. */

import { catalogueEntry, factsOf } from '../../src/catalogue.js';
import { type CreateSnapshotInput, createClient } from '../../src/client/index.js';
import type { Scenario } from '../../src/contracts/scenarios.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../../src/core/world-document.js';
import { EXAMPLE_REQUEST_ID, EXAMPLE_SNAPSHOT_ID, type Surfaced, variable } from './pact-harness.js';

export async function callReference(
  baseUrl: string,
  scenario: Scenario,
  signatureVersion: 'V1' | 'V3',
): Promise<Surfaced> {
  const client = createClient({
    endpoint: baseUrl,
    credentials: { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET },
    signatureVersion,
  });
  // Some scenarios send what the types forbid (Category=Archive, InstantAccess=yes), as an untyped caller would.
  const input = { ...scenario.input, diskId: scenario.input.diskId as string } as CreateSnapshotInput;
  const result = await client.createSnapshot(input);
  if (result.ok) return result;
  const { error } = result;
  return error.kind === 'api'
    ? {
        ok: false,
        kind: error.kind,
        code: error.code,
        httpStatus: error.httpStatus,
        requestId: error.requestId,
        documented: error.documented,
      }
    : { ok: false, kind: error.kind, message: error.message };
}

export function referenceSurfaces(s: Scenario): Surfaced {
  if (s.answer === 'success') return { ok: true, snapshotId: EXAMPLE_SNAPSHOT_ID, requestId: EXAMPLE_REQUEST_ID };
  const { code } = catalogueEntry(s.answer);
  const { status } = factsOf(catalogueEntry(s.answer), s.edition);
  return { ok: false, kind: 'api', code, httpStatus: status, requestId: EXAMPLE_REQUEST_ID, documented: true };
}

/** The reference client always sends a ClientToken: the caller's, or a UUID it generates. */
export const withClientToken = (api: Record<string, string>) =>
  api.ClientToken === undefined ? { ...api, ClientToken: variable.clientToken() } : api;
