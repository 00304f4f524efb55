/** Consumer contract: this project's reference client (src/client), V1 signature: GET with every parameter in the query. */
import { type ConsumerSpec, v1Query } from '../pact-harness.js';
import { callReference, referenceSurfaces, withClientToken } from '../reference-client.js';

export const reference_client_v1 = {
  consumer: 'ecs-conformance-reference-client-v1',
  request: (_s, api) => ({ method: 'GET', query: v1Query(withClientToken(api) as Record<string, string>, 'JSON') }),
  call: (s, url) => callReference(url, s, 'V1'),
  surfaces: referenceSurfaces,
} satisfies ConsumerSpec;
