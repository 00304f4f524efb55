/** Consumer contract: @alicloud/ecs20140526 7.x with `signatureAlgorithm: 'v2'`: V1 HMAC-SHA1, every parameter in the query of a POST. */

import { callEcs } from '../../support/sdk-clients.js';
import { type ConsumerSpec, v1Query } from '../pact-harness.js';
import { ecsSurfaces } from '../sdk-surfaces.js';

export const alicloud_ecs20140526_v1 = {
  consumer: 'alicloud-ecs20140526-v1',
  request: (_s, api) => ({
    method: 'POST',
    // This client sends Format in lower case.
    query: v1Query(api, 'json'),
    headers: { 'x-acs-action': 'CreateSnapshot', 'x-acs-version': '2014-05-26' },
  }),
  call: (s, url) => callEcs(url, s.input, 'v2'),
  surfaces: ecsSurfaces,
} satisfies ConsumerSpec;
