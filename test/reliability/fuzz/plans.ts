/**
 * What a generated request is: a plan, before it is signed and sent (timestamps and nonces are filled in
 * then, where the placeholders below stand), and the request built from it with the answers it may get.
 * Also the seed of the in-`npm test` run and the size bounds every generated request keeps.
 */

/** The seed of the in-`npm test` run; scripts/fuzz.ts takes --seed. */
export const FUZZ_SEED = 0x5eed_f022;

/**
 * Size bounds kept by every generated request, below the limits a request may be refused for. The brief of
 * this suite: URLs under 8 KiB and bodies under 64 KiB (Node's default header limit of 16 KiB and the
 * server's body limit answered undocumented 413/431s before x-assumptions.limits); parameters and headers
 * under x-assumptions.limits.maxParameters / maxHeaders.
 */
export const BOUNDS = { maxUrlBytes: 8 * 1024 - 256, maxBodyBytes: 64 * 1024 - 1024, maxPairs: 150, maxHeaders: 60 };

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS';
export const METHODS: Method[] = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];

/** How names and values go on the wire; every style decodes to the same pair. */
export type WireStyle = 'pe' | 'plus' | 'loose';

/** A correctly signed CreateSnapshot request, unless `key`, `skewSeconds`, `tamper` or `replay` say otherwise. */
export interface SignedPlan {
  kind: 'signed';
  signing: 'V1-GET' | 'V1-POST' | 'V3' | 'V3-form' | 'V3-bytes';
  /** API parameters (never a common one), unique names. */
  params: Array<[string, string]>;
  /** The Format parameter (V1 and V3 alike); absent: the Accept header decides. */
  format: string | undefined;
  accept: string | undefined;
  key: 'default' | 'inactive' | 'forbidden' | 'unknown';
  /** Signed this many seconds away from the wall clock (the skew allowed is 900 s). */
  skewSeconds: number;
  sha256: boolean;
  tamper: 'none' | 'signature' | 'extra-param' | 'changed-value' | 'body';
  /** Send the same bytes twice: the second is a replayed nonce. */
  replay: boolean;
  wire: WireStyle;
  path: string;
  /** Unsigned extra headers (x-acs-* junk and others); names unique and not ones the signature uses. */
  junkHeaders: Array<[string, string]>;
  /** V3: more names in SignedHeaders, signed correctly (present or absent, any case). */
  extraSignedHeaders: string[];
  formContentType: string;
  bytes: Uint8Array;
}

/** A query or form segment: a pair encoded some way, or a literal piece of garbage. */
export type Segment =
  | { name: string; value: string; enc: 'pe' | 'loose' | 'latin1' | 'garbage'; junk: string; at: number }
  | { literal: string };

export type RawBody =
  | { kind: 'none' }
  | { kind: 'form'; segments: Segment[] }
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'json'; value: unknown };

/** Anything at all: never correctly signed. */
export interface RawPlan {
  kind: 'raw';
  method: Method;
  path: string;
  /** Query segments; `{{now}}`-like values are filled in when built. */
  query: Segment[];
  headers: Array<[string, string]>;
  contentType: string | undefined;
  body: RawBody;
  chunked: boolean;
  /** Sends `content-length: 0` with an empty body. */
  zeroLength: boolean;
  /** Past one of x-assumptions.limits on purpose (scripts/fuzz.ts only): refused as InvalidParameter naming it. */
  oversize?: { what: 'URL' | 'request body' | 'headers' | 'parameters'; by: number };
}

export type Plan = SignedPlan | RawPlan;

/** Placeholders for times, filled in when a plan is built (see fillTime in build-raw.ts). */
export const NOW = '{{now}}';
export const NOW_MS = '{{now.ms}}';
export const OLD = '{{now-1200}}';
export const FUTURE = '{{now+1200}}';

export interface Built {
  method: Method;
  path: string;
  headers: Array<[string, string]>;
  body: Uint8Array;
  chunked: boolean;
  zeroLength: boolean;
  expect: Expectation;
}

/** The answers a request may get: 'success' or catalogue ids, with the parameter its message may name. */
export interface Expectation {
  ids: ReadonlySet<string>;
  /** For InvalidParameter / MissingParameter: the names the message may carry (any, when absent). */
  names?: ReadonlySet<string>;
  why: string;
  /** The API parameters the server sees, for the ClientToken check. */
  clientToken?: string;
}

export interface BuildContext {
  host: string;
  /** The wall clock the server checks timestamps against. */
  now(): number;
  nonce(): string;
}
