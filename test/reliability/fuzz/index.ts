/**
 * HTTP fuzzing of the standalone simulator, shared by test/reliability/fuzz-http.test.ts (small, fixed seed,
 * in `npm test`) and scripts/fuzz.ts (100,000 requests and more): generators of requests (garbage of every
 * kind, and correctly signed V1/V3 requests drawn around the real parameter rules), sending them over real
 * sockets with node:http, and the checks every answer must pass.
 *
 * The contract checked for every request outside /_sim/:
 * - an answer comes, within the timeout, with a RequestId (header and body, equal);
 * - it is a documented success (200 + CreateSnapshotResponse) or a documented error: status and Code a row of
 *   the catalogue, the message that row's, the envelope valid against the OpenAPI schema;
 * - in the format asked: Format=JSON/XML (any case, first occurrence), otherwise Accept containing "json";
 * - the answer is one the request may get: a request that is not correctly signed never gets past the
 *   signature check; a correctly signed one never fails the gateway, gets exactly the parameter error the
 *   catalogue's rules give for its parameters (an oracle written from the conditions of the catalogue, not
 *   from the simulator's code), and otherwise an answer its disk can give;
 * - a ClientToken never answers two different SnapshotIds (between two resets of the world).
 * HEAD answers carry no body: only the status and headers are checked.
 *
 * The modules: plans.ts (what a generated request is, and what it is built into); generators-common.ts,
 * generators-signed.ts and generators-raw.ts (the generators); wire.ts (encoding on the wire and back);
 * build.ts and build-raw.ts (a plan made bytes, with the answers it may get); oracle.ts (the answers of a
 * correctly signed request); send.ts (over real sockets); checks.ts (the checks of an answer); session.ts
 * (a fuzzing session). This file re-exports what the tests and scripts/fuzz.ts use.
 */
export { build, buildSigned } from './build.js';
export { buildRaw } from './build-raw.js';
export { checkAnswer, describeRequest, expectedFormat, type Verdict } from './checks.js';
export { anyText, FIXTURE_DISK_IDS } from './generators-common.js';
export { oversizedPlan, plan, planAtScale, rawPlan, segment } from './generators-raw.js';
export { apiParams, CLIENT_TOKENS, signedPlan, validApiParams } from './generators-signed.js';
export { diskAnswers, expectedAfterGateway } from './oracle.js';
export {
  BOUNDS,
  type BuildContext,
  type Built,
  type Expectation,
  FUZZ_SEED,
  METHODS,
  type Method,
  type Plan,
  type RawBody,
  type RawPlan,
  type Segment,
  type SignedPlan,
  type WireStyle,
} from './plans.js';
export { type HttpAnswer, send } from './send.js';
export { type Failure, FuzzSession, failureKind, formatFailure } from './session.js';
