/** Consumer contract: @alicloud/pop-core 1.8 RPCClient, GET with every parameter in the query (V1). */

import { callPop } from '../../support/sdk-clients.js';
import { type ConsumerSpec, v1Query } from '../pact-harness.js';
import { popSurfaces } from '../sdk-surfaces.js';

export const alicloud_pop_core_get = {
  consumer: 'alicloud-pop-core-get',
  request: (_s, api) => ({ method: 'GET', query: v1Query(api, 'JSON') }),
  call: (s, url) => callPop(url, s.input, 'GET'),
  surfaces: popSurfaces,
} satisfies ConsumerSpec;
