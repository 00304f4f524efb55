/** Consumer contract: @alicloud/pop-core 1.8 RPCClient, GET with every parameter in the query (V1). */
import { catalogueEntry } from '../../../src/catalogue.js';
import { type ConsumerSpec, EXAMPLE_REQUEST_ID, EXAMPLE_SNAPSHOT_ID, v1Query } from '../pact-harness.js';
import { callPop } from '../sdk-clients.js';

export const alicloud_pop_core_get = {
  consumer: 'alicloud-pop-core-get',
  request: (_s, api) => ({ method: 'GET', query: v1Query(api, 'JSON') }),
  call: (s, url) => callPop(url, s.input, 'GET'),
  surfaces: (s) =>
    s.answer === 'success'
      ? { ok: true, snapshotId: EXAMPLE_SNAPSHOT_ID, requestId: EXAMPLE_REQUEST_ID }
      : {
          ok: false,
          // pop-core names the error after the code and ignores the HTTP status: the caller gets no statusCode.
          errorClass: `${catalogueEntry(s.answer).code}Error`,
          code: catalogueEntry(s.answer).code,
          statusCode: undefined,
          requestId: EXAMPLE_REQUEST_ID,
        },
} satisfies ConsumerSpec;
