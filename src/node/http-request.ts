/**
 * The server's one request model: a {@link WireRequest} as the protocol layer reads it, built from what llhttp
 * parsed. Headers are joined as node:http joins them, so a signed request canonicalises the same way on either.
 */
import type { WireRequest } from '../protocol/wire.js';

/** Headers node:http keeps once (the first); the others are joined with ", " (cookie with "; "). */
const KEEP_FIRST = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

/**
 * A record with no inherited properties: a header named `constructor` or `__proto__` is a header like any other.
 * (A prototype without properties rather than a null prototype: V8 keeps those as slow hash tables.)
 */
const NO_PROPERTIES: object = Object.create(null);
export const headerRecord = (): Record<string, string> => Object.create(NO_PROPERTIES);

export function addHeader(headers: Record<string, string>, name: string, value: string): void {
  const previous = headers[name];
  if (previous === undefined) headers[name] = value;
  else if (!KEEP_FIRST.has(name)) headers[name] = `${previous}${name === 'cookie' ? '; ' : ', '}${value}`;
}

export class HttpRequest implements WireRequest {
  #body: string | undefined;

  constructor(
    /** As sent (llhttp knows the method names; it refuses others). */
    readonly method: string,
    /** The request target as sent, e.g. `/?Action=CreateSnapshot`. */
    readonly url: string,
    /** By lower-case name. */
    readonly headers: Readonly<Record<string, string>>,
    readonly headerCount: number,
    /** The body's bytes; undefined when the request has none, or when it is over the limit. */
    readonly bodyBytesRaw: Buffer | undefined,
    /** Size of the body: received, or declared (Content-Length) when over the limit. */
    readonly bodyBytes: number,
  ) {}

  /** A property, not a method: the protocol layer passes it on as a lookup function. */
  readonly header = (name: string): string | undefined => this.headers[name];

  headerNames(): string[] {
    return Object.keys(this.headers);
  }

  get body(): string {
    this.#body ??= this.bodyBytesRaw === undefined ? '' : this.bodyBytesRaw.toString('utf8');
    return this.#body;
  }
}
