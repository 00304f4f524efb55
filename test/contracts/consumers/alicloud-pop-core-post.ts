/** Consumer contract: @alicloud/pop-core 1.8 RPCClient with `method: 'POST'`: everything, Signature included, in a form body (V1). */
import { catalogueEntry } from '../../../src/catalogue.js';
import { type ConsumerSpec, EXAMPLE_REQUEST_ID, EXAMPLE_SNAPSHOT_ID, v1Query } from '../pact-harness.js';
import { callPop } from '../sdk-clients.js';

export const alicloud_pop_core_post = {
  consumer: 'alicloud-pop-core-post',
  request: (_s, api) => ({ method: 'POST', form: v1Query(api, 'JSON') as never }),
  call: (s, url) => callPop(url, s.input, 'POST'),
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
