/**
 * The gateway checks of an RPC request (catalogue stage "gateway"), one function per check, run in the
 * catalogue's order for the edition answered: method, action, format, the parts of the signature, its time,
 * key, value and nonce. A check says only that it fails (with the parameter named, or a detail); the
 * catalogue says which error that is in the edition (an unknown key: InvalidAccessKeyId today,
 * InvalidAccessKeyId.NotFound in the older edition).
 */
import { assumptions, type CatalogueEntry, checksOf, EDITIONS, type Edition } from '../catalogue.js';
import type { SimError } from '../core/errors.js';
import type { Simulator } from '../core/simulator.js';
import type { AccessKey } from '../core/world.js';
import { type ApiRequest, V1_REQUIRED } from './api-request.js';
import type { Hasher } from './hash.js';
import { checkV1, type VerifyV1Result } from './signature-v1.js';
import { parseAuthorization, verifyV3 } from './signature-v3.js';

export interface GatewayContext {
  request: ApiRequest;
  sim: Simulator;
  hasher: Hasher;
  /** The edition of the page answered. */
  edition: Edition;
  /** Filled in as checks pass. */
  accessKey?: AccessKey;
  /** Set when the signature was computed: for the journal, and for the mismatch message. */
  verdict: 'valid' | 'invalid' | 'not-checked';
  detail?: string;
  signedAt?: number | undefined;
}

export type GatewayError = SimError & { detail?: string };
/** A failed check: the parameter a templated message names, or a detail appended to the message. */
type Hit = { parameterName?: string; detail?: string };
const HIT: Hit = {};
type Check = (c: GatewayContext) => Hit | undefined | Promise<Hit | undefined>;

const V3_SIGNED = ['x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256'];
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?Z$/;

const v3 = (c: GatewayContext) => c.request.signatureVersion === 'V3';
const auth = (c: GatewayContext) => parseAuthorization(c.request.authorization ?? '');
const timestampOf = (c: GatewayContext) => (v3(c) ? c.request.wire.header('x-acs-date') : c.request.params.Timestamp);
/** The signed time in ms, parsed once per request (undefined when malformed). */
const signedTime = (c: GatewayContext) => {
  if (!('signedAt' in c)) c.signedAt = parseTimestamp(timestampOf(c));
  return c.signedAt;
};
const nonceOf = (c: GatewayContext) =>
  v3(c) ? c.request.wire.header('x-acs-signature-nonce') : c.request.params.SignatureNonce;
const accessKeyIdOf = (c: GatewayContext) => {
  if (!v3(c)) return c.request.params.AccessKeyId;
  const parsed = auth(c);
  return parsed.ok ? parsed.accessKeyId : undefined;
};

/** Clients sign many requests within the same second: the last timestamp read is kept with its value. */
let lastTimestamp: { text: string; value: number | undefined } = { text: '', value: undefined };

function parseTimestamp(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (text !== lastTimestamp.text) lastTimestamp = { text, value: readTimestamp(text) };
  return lastTimestamp.value;
}

function readTimestamp(text: string): number | undefined {
  const m = TIMESTAMP.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const t = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2026-02-31 over into March: a real date keeps its month and day.
  const date = new Date(t);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? t : undefined;
}

const limits = assumptions.limits;
/** Which bound of x-assumptions.limits the request is over, named as the error message names it. */
function overLimit(c: GatewayContext): string | undefined {
  const { wire } = c.request;
  if (wire.url.length > limits.maxUrlBytes) return 'URL';
  if ((wire.bodyBytes ?? wire.body.length) > limits.maxBodyBytes) return 'request body';
  if ((wire.headerCount ?? 0) > limits.maxHeaders) return 'headers';
  if (c.request.pairs.length > limits.maxParameters) return 'parameters';
  // A nonce is kept for the whole window: its length is bounded (x-assumptions.nonces.maxLength).
  if ((nonceOf(c)?.length ?? 0) > assumptions.nonces.maxLength)
    return v3(c) ? 'x-acs-signature-nonce' : 'SignatureNonce';
  return undefined;
}

export const gatewayChecks = {
  'http.method': (c) => (c.request.method === 'GET' || c.request.method === 'POST' ? undefined : HIT),
  'request.limits': (c) => {
    const over = overLimit(c);
    return over === undefined ? undefined : { parameterName: over };
  },
  'common.action.missing': (c) => (c.request.action ? undefined : { parameterName: 'Action' }),
  'common.version.missing': (c) => (c.request.version ? undefined : { parameterName: 'Version' }),
  'common.action.unknown': (c) =>
    c.request.action === 'CreateSnapshot' && c.request.version === '2014-05-26' ? undefined : HIT,
  'common.format.invalid': (c) => (c.request.badFormat === undefined ? undefined : { parameterName: 'Format' }),
  'common.signatureType.invalid': (c) => {
    const type = c.request.params.SignatureType;
    return type === undefined || type === '' || type === 'BEARERTOKEN' ? undefined : { parameterName: 'SignatureType' };
  },
  'v1.common.missing': (c) => {
    if (v3(c)) return undefined;
    for (const name of V1_REQUIRED) if (!c.request.params[name]) return { parameterName: name };
    return undefined;
  },
  'v3.authorization.incomplete': (c) => {
    if (!v3(c)) return undefined;
    const parsed = auth(c);
    if (!parsed.ok) return HIT;
    const signed = new Set(parsed.signedHeaders.map((s) => s.toLowerCase()));
    const { wire } = c.request;
    // Every x-acs-* header the request carries is signed, as every real SDK signs them (see the captures).
    const unsigned =
      V3_SIGNED.some((h) => !wire.header(h) || !signed.has(h)) ||
      (wire.headerNames?.() ?? []).some((h) => h.startsWith('x-acs-') && !signed.has(h));
    return unsigned ? HIT : undefined;
  },
  'signature.method.invalid': (c) => {
    if (v3(c)) {
      const parsed = auth(c);
      return parsed.ok && parsed.algorithm === 'ACS3-HMAC-SHA256' ? undefined : HIT;
    }
    const { SignatureMethod: method, SignatureVersion: version } = c.request.params;
    return (method === 'HMAC-SHA1' || method === 'HMAC-SHA256') && version === '1.0' ? undefined : HIT;
  },
  'timestamp.format': (c) => (signedTime(c) === undefined ? HIT : undefined),
  'timestamp.expired': (c) => {
    // Signed time is compared with the wall clock: advancing the world's virtual clock must not break clients.
    // In whole seconds, as timestamps are written: 900 s either way is accepted, 901 s is not.
    const now = c.sim.wallClock.now();
    const skew = Math.abs((signedTime(c) as number) - (now - (now % 1000)));
    return skew > assumptions.timestampSkewSeconds * 1000 ? HIT : undefined;
  },
  'accessKey.unknown': (c) => {
    const key = c.sim.state.accessKeys.get(accessKeyIdOf(c) ?? '');
    if (key === undefined) return HIT;
    c.accessKey = key;
    return undefined;
  },
  'accessKey.inactive': (c) => (c.accessKey?.active === false ? HIT : undefined),
  'signature.mismatch': (c) => {
    const secret = (c.accessKey as AccessKey).accessKeySecret;
    const { request } = c;
    if (!v3(c)) {
      const judged = (result: VerifyV1Result): Hit | undefined => {
        c.verdict = result.ok ? 'valid' : 'invalid';
        return result.ok ? undefined : { detail: `server string to sign is:${result.stringToSign}` };
      };
      const result = checkV1(c.hasher, { method: request.method, params: request.pairs, accessKeySecret: secret });
      return result instanceof Promise ? result.then(judged) : judged(result);
    }
    return verifyV3(c.hasher, {
      method: request.method,
      query: request.query,
      headers: request.wire.header,
      body: request.wire.bodyBytesRaw ?? request.wire.body,
      authorization: request.authorization ?? '',
      accessKeySecret: secret,
    }).then((result): Hit | undefined => {
      c.verdict = result.ok ? 'valid' : 'invalid';
      if (result.ok) return undefined;
      const detail =
        'canonicalRequest' in result
          ? `server string to sign is:${result.stringToSign} canonical request is:${result.canonicalRequest}`
          : result.detail;
      return { detail };
    });
  },
  'signature.nonce.used': (c) =>
    c.sim.nonces.use(c.accessKey?.accessKeyId ?? '', nonceOf(c) ?? '', c.sim.wallClock.now(), signedTime(c))
      ? undefined
      : HIT,
  'accessKey.forbidden': (c) => (c.accessKey?.authorized === false ? HIT : undefined),
  'accessKey.actionNotAllowed': (c) => {
    const actions = c.accessKey?.actions;
    return actions != null && !actions.includes('CreateSnapshot') ? HIT : undefined;
  },
} satisfies Record<string, Check>;

interface Ordered {
  check: Check;
  entry: CatalogueEntry;
}
const plans = Object.fromEntries(
  EDITIONS.map((edition) => [
    edition,
    checksOf('gateway', edition).map(({ check, entry }): Ordered => {
      const fn = (gatewayChecks as Record<string, Check>)[check];
      if (fn === undefined) throw new Error(`No implementation of the gateway check ${check} named in the catalogue`);
      return { check: fn, entry };
    }),
  ]),
) as Record<Edition, Ordered[]>;

function refusal(entry: CatalogueEntry, hit: Hit): GatewayError {
  const error: GatewayError = { id: entry.id };
  if (hit.parameterName !== undefined) error.parameterName = hit.parameterName;
  if (hit.detail !== undefined) error.detail = hit.detail;
  return error;
}

/**
 * The first gateway error, or undefined when the request is authentic and may go on. Synchronous unless a check
 * is (the signature check with an asynchronous hasher, or V3): the rest of the checks then follow it.
 */
export function checkGateway(
  context: GatewayContext,
  from = 0,
): GatewayError | undefined | Promise<GatewayError | undefined> {
  const ordered = plans[context.edition];
  for (let i = from; i < ordered.length; i++) {
    const { check, entry } = ordered[i] as Ordered;
    const outcome = check(context);
    if (outcome instanceof Promise)
      return outcome.then((hit) => (hit !== undefined ? refusal(entry, hit) : checkGateway(context, i + 1)));
    if (outcome !== undefined) return refusal(entry, outcome);
  }
  return undefined;
}
