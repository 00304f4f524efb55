/** Consumer contract: @alicloud/ecs20140526 7.x, default V3 signature (POST /?<API params>, ACS3-HMAC-SHA256). */

import { callEcs } from '../../support/sdk-clients.js';
import { type ConsumerSpec, v3Headers } from '../pact-harness.js';
import { ecsSurfaces } from '../sdk-surfaces.js';

const SIGNED =
  'host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version';

export const alicloud_ecs20140526_v3 = {
  consumer: 'alicloud-ecs20140526-v3',
  request: (_s, api) => ({
    method: 'POST',
    query: api,
    headers: v3Headers(SIGNED, { 'x-acs-credentials-provider': 'static_ak', accept: 'application/json' }),
  }),
  call: (s, url) => callEcs(url, s.input),
  surfaces: ecsSurfaces,
} satisfies ConsumerSpec;
