/**
 * Checks the options once, at createClient, and fills in the defaults. Bad options are programmer
 * mistakes, so they throw (InvalidClientOptions, listing every problem); what happens on the wire never does.
 */
import type { Hasher } from '../protocol/hash.js';
import { webHasher } from '../protocol/web-hasher.js';
import { type RetryPolicy, retryPolicy } from './retry.js';
import type { ClientOptions, Credentials, ResponseFormat, SignatureVersion } from './types.js';

export class InvalidClientOptions extends Error {
  override name = 'InvalidClientOptions';
  constructor(readonly problems: string[]) {
    super(`Invalid client options:\n${problems.join('\n')}`);
  }
}

export interface ResolvedOptions {
  /** Scheme, host and port, no trailing slash: the request path is appended to it. */
  origin: string;
  /** What V3 signs as the host header: exactly what fetch will send for this URL. */
  host: string;
  credentials: Credentials;
  signatureVersion: SignatureVersion;
  format: ResponseFormat;
  fetch: typeof fetch;
  hasher: Hasher;
  retry: RetryPolicy;
  clientToken: () => string;
  sleep: (ms: number) => Promise<void>;
  now: () => Date;
  nonce: () => string;
  random: () => number;
}

function readEndpoint(endpoint: unknown, problems: string[]): URL | undefined {
  let url: URL;
  try {
    url = new URL(String(endpoint));
  } catch {
    problems.push(`endpoint: not a URL (got ${JSON.stringify(endpoint)}); give e.g. "https://ecs.aliyuncs.com"`);
    return undefined;
  }
  const before = problems.length;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push(`endpoint: must be http or https`);
  // RPC APIs live on "/" and the signatures assume it; a path, query or fragment would be lost or break them.
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    problems.push(`endpoint: scheme and host only, without path, query or fragment (got "${url.href}")`);
  }
  if (url.username !== '' || url.password !== '') problems.push('endpoint: must not carry a user name or password');
  return problems.length === before ? url : undefined;
}

const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v !== '';
const randomUuid = () => globalThis.crypto.randomUUID();
const timeout = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function resolveOptions(options: ClientOptions): ResolvedOptions {
  const problems: string[] = [];
  const url = readEndpoint(options.endpoint, problems);
  const { accessKeyId, accessKeySecret } = options.credentials ?? {};
  if (!nonEmptyString(accessKeyId)) problems.push('credentials.accessKeyId: must be a non-empty string');
  if (!nonEmptyString(accessKeySecret)) problems.push('credentials.accessKeySecret: must be a non-empty string');
  const signatureVersion = options.signatureVersion ?? 'V3';
  if (signatureVersion !== 'V1' && signatureVersion !== 'V3') problems.push('signatureVersion: must be "V1" or "V3"');
  const format = options.format ?? 'JSON';
  if (format !== 'JSON' && format !== 'XML') problems.push('format: must be "JSON" or "XML"');
  if (options.fetch === undefined && typeof globalThis.fetch !== 'function') {
    problems.push('fetch: this runtime has no global fetch; pass one');
  }
  const { policy, problems: retryProblems } = retryPolicy(options.retry);
  problems.push(...retryProblems);
  if (url === undefined || problems.length > 0) throw new InvalidClientOptions(problems);

  return {
    origin: url.origin,
    host: url.host,
    credentials: { accessKeyId: accessKeyId as string, accessKeySecret: accessKeySecret as string },
    signatureVersion,
    format,
    // The global is looked up at each call, not now: MSW and test doubles replace globalThis.fetch after
    // a client may already exist. The arrow also keeps `this` from being the options object, which
    // browsers refuse ("Illegal invocation").
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    hasher: options.hasher ?? webHasher,
    retry: policy,
    clientToken: options.clientToken ?? randomUuid,
    sleep: options.sleep ?? timeout,
    now: options.now ?? (() => new Date()),
    nonce: options.nonce ?? randomUuid,
    random: options.random ?? Math.random,
  };
}
