/** Consumer contract: @alicloud/pop-core 1.8 RPCClient with `method: 'POST'`: everything, Signature included, in a form body (V1). */

import { callPop } from '../../support/sdk-clients.js';
import { type ConsumerSpec, v1Query } from '../pact-harness.js';
import { popSurfaces } from '../sdk-surfaces.js';

export const alicloud_pop_core_post = {
  consumer: 'alicloud-pop-core-post',
  request: (_s, api) => ({ method: 'POST', form: v1Query(api, 'JSON') as never }),
  call: (s, url) => callPop(url, s.input, 'POST'),
  surfaces: popSurfaces,
} satisfies ConsumerSpec;
