/**
 * Node's own HTTP/1.1 request parser (llhttp, the one behind node:http), as mswjs/interceptors uses it on raw
 * sockets. `_http_common` has no type declarations: this file gives the part used here its types, once.
 * llhttp runs strict (no lenient flags): obs-fold, bare CR or LF, LF-only lines, control characters,
 * Content-Length with Transfer-Encoding, duplicate Content-Length, bad chunk sizes and extensions are errors.
 */
import { createRequire } from 'node:module';

export interface LlhttpParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenient: number): void;
  /** Bytes parsed, or the parse error (`code` such as HPE_INVALID_HEADER_TOKEN, `bytesParsed`). */
  execute(data: Buffer): number | (Error & { code: string; bytesParsed: number });
  finish(): unknown;
  close(): void;
  free(): void;
  [callback: number]: unknown;
}

interface HttpCommon {
  HTTPParser: {
    new (): LlhttpParser;
    REQUEST: number;
    kOnMessageBegin: number;
    kOnHeaders: number;
    kOnHeadersComplete: number;
    kOnBody: number;
    kOnMessageComplete: number;
  };
  methods: string[];
}

const common = createRequire(import.meta.url)('_http_common') as HttpCommon;

export const HTTPParser = common.HTTPParser;
/** Method names by llhttp's method index. */
export const METHODS: readonly string[] = common.methods;

/** What `kOnHeadersComplete` is called with. */
export type OnHeadersComplete = (
  versionMajor: number,
  versionMinor: number,
  /** Names and values in turn, as sent (names in their case); undefined when they came through `kOnHeaders`. */
  headers: string[] | undefined,
  method: number,
  url: string | undefined,
  statusCode: unknown,
  statusMessage: unknown,
  upgrade: boolean,
  shouldKeepAlive: boolean,
) => void;
