/**
 * ecs-createsnapshot-conformance/client: a small reference client for ECS CreateSnapshot. Browser-safe on
 * purpose (no Node imports anywhere below): crypto is WebCrypto unless a Hasher is injected, HTTP is fetch.
 *
 *   const client = createClient({ endpoint: 'https://ecs.aliyuncs.com', credentials, retry: { attempts: 3 } });
 *   const result = await client.createSnapshot({ diskId: 'd-...' });
 *   if (!result.ok && result.error.kind === 'api') console.log(result.error.code);
 */

export { InvalidClientOptions } from './client-options.js';
export { createClient } from './create-client.js';
export type {
  ApiError,
  Category,
  ClientOptions,
  CreateSnapshotClient,
  CreateSnapshotError,
  CreateSnapshotInput,
  CreateSnapshotResult,
  Credentials,
  Hasher,
  NetworkError,
  ProtocolError,
  ResponseFormat,
  RetryOptions,
  SignatureVersion,
  SnapshotTag,
} from './types.js';
