/**
 * The consumer contracts, one pact file per consumer, written one after the other in this one file
 * (parallel writers lose interactions: toolchain.md). Each consumer is described in consumers/.
 */

import { EDITIONS } from '../../src/catalogue.js';
import { alicloud_ecs20140526_v1 } from './consumers/alicloud-ecs20140526-v1.js';
import { alicloud_ecs20140526_v3 } from './consumers/alicloud-ecs20140526-v3.js';
import { alicloud_pop_core_get } from './consumers/alicloud-pop-core-get.js';
import { alicloud_pop_core_post } from './consumers/alicloud-pop-core-post.js';
import { reference_client_v1 } from './consumers/reference-client-v1.js';
import { reference_client_v3 } from './consumers/reference-client-v3.js';
import { definePact } from './pact-harness.js';

// Today's edition into contracts/, then the older one into contracts/older-zh-CN/.
for (const edition of EDITIONS)
  for (const consumer of [
    reference_client_v1,
    reference_client_v3,
    alicloud_ecs20140526_v3,
    alicloud_ecs20140526_v1,
    alicloud_pop_core_get,
    alicloud_pop_core_post,
  ])
    definePact(consumer, edition);
