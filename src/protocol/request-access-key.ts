/**
 * The AccessKeyId a request claims, read before any check so that the request goes to the world of that key
 * (core/tenants.ts). Judging it is the gateway's job; this only routes.
 */
import { TEST_KEY_PREFIX } from '../core/tenants.js';
import type { ApiRequest } from './api-request.js';
import { parseAuthorization } from './signature-v3.js';

export function requestAccessKeyId(request: ApiRequest): string | undefined {
  if (request.signatureVersion === 'V1') return request.params.AccessKeyId;
  const authorization = request.authorization ?? '';
  // Only a test key routes anywhere: no need to parse the header of any other request twice.
  if (!authorization.includes(TEST_KEY_PREFIX)) return undefined;
  const parsed = parseAuthorization(authorization);
  return parsed.ok ? parsed.accessKeyId : undefined;
}
