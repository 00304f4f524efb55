/**
 * The AccessKeyId a request claims, read before any check so that the request goes to the world of that key
 * (core/tenants.ts). Judging it is the gateway's job; this only routes, so V3's Authorization header is not
 * parsed here: the Credential field is cut out of it (a malformed header is refused by the gateway, in
 * whichever world it went to).
 */
import type { ApiRequest } from './api-request.js';

const CREDENTIAL = 'Credential=';

export function requestAccessKeyId(request: ApiRequest): string | undefined {
  if (request.signatureVersion === 'V1') return request.params.AccessKeyId;
  const authorization = request.authorization ?? '';
  const at = authorization.indexOf(CREDENTIAL);
  if (at === -1) return undefined;
  const end = authorization.indexOf(',', at);
  return authorization.slice(at + CREDENTIAL.length, end === -1 ? undefined : end).trim();
}
