/** Consumer contract: this project's reference client (src/client), V3 signature: POST /?<API params>, ACS3-HMAC-SHA256. */
import { type ConsumerSpec, v3Headers } from '../pact-harness.js';
import { callReference, referenceSurfaces, withClientToken } from '../reference-client.js';

export const reference_client_v3 = {
  consumer: 'ecs-conformance-reference-client-v3',
  request: (_s, api) => ({
    method: 'POST',
    query: withClientToken(api),
    headers: v3Headers('host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version', {
      accept: 'application/json',
    }),
  }),
  call: (s, url) => callReference(url, s, 'V3'),
  surfaces: referenceSurfaces,
} satisfies ConsumerSpec;
