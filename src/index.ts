/**
 * ecs-createsnapshot-conformance: the simulator, its Node server, the error catalogue, signing helpers, the
 * Pact verifier's request filter, the check-client driver protocol and the compatibility-matrix renderer.
 */

export type { CatalogueEntry, ErrorCode, ErrorId } from './catalogue.js';
export { catalogueEntry, errorCatalogue, findCatalogueEntry, messageMatches, renderMessage } from './catalogue.js';
export { type MatrixCase, type MatrixRun, matrixMarkdown } from './cli/check-client/matrix.js';
export { defaultFixtures, type Fixture } from './core/default-world.js';
export { type IdSource, seededIds, uniqueIds } from './core/ids.js';
export { Simulator, type SimulatorOptions } from './core/simulator.js';
export { TENANT_LIMITS, TEST_KEY_PATTERN, TEST_KEY_SECRET, testAccessKey } from './core/tenants.js';
export type { World } from './core/world.js';
export {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  parseWorldDocument,
  type WorldDocument,
  worldToDocument,
} from './core/world-document.js';
export type { DriverCall, DriverEnvironment, DriverInput, DriverResult } from './driver-protocol.js';
export { pactRequestFilter } from './node/pact-request-filter.js';
export { ControlRequestError, type RemoteControls, remoteControls } from './node/remote-controls.js';
export { createSimulatorServer, listen, type ServerOptions, type SimulatorServer } from './node/server.js';
export {
  InvalidWorldDocument,
  type RunningSimulator,
  type StartSimulatorOptions,
  startSimulator,
} from './node/start-simulator.js';
export { simulatorFetch } from './protocol/fetch-handler.js';
export { nodeHasher } from './protocol/node-hasher.js';
export { type Credentials, type SignedRequest, signV1Request, signV3Request } from './protocol/sign-request.js';
export { webHasher } from './protocol/web-hasher.js';
export { InvalidControlInput, simulatorControls } from './simulator-controls.js';
