/**
 * The simulator a client is checked against, over HTTP on 127.0.0.1 (any free port), in process: each case
 * sets up its provider state and faults, runs the driver, and hands the requests the case caused to grading.
 */
import type { AddressInfo } from 'node:net';
import { applyProviderState } from '../../contracts/provider-states.js';
import { seededIds } from '../../core/ids.js';
import { Simulator } from '../../core/simulator.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../../core/world-document.js';
import type { DriverCall, DriverEnvironment } from '../../driver-protocol.js';
import { createSimulatorServer, listen } from '../../node/server.js';
import { schemaValidator } from '../../openapi/document.js';
import type { ClientCase } from './cases.js';
import type { DriverRun } from './driver.js';
import { type Grade, type GradedRequest, gradeCase, type UnknownParameters } from './grade.js';

export interface CaseRun {
  grade: Grade;
  run: DriverRun;
  /** What the client sent and what came back: the journal of the case, with the content types answered. */
  requests: GradedRequest[];
  durationMs: number;
}

/** Makes the call with the client: a driver run once for it, or a line to a driver session. */
export type CaseDriver = (call: DriverCall, env: DriverEnvironment) => Promise<DriverRun>;

export interface Harness {
  endpoint: string;
  runCase(c: ClientCase, driver: CaseDriver): Promise<CaseRun>;
  close(): Promise<void>;
}

/** How long to wait, after a driver ends, for requests it left in flight (a killed driver's slow request). */
const SETTLE_MS = 5_000;

/** Which parameters the description does not know; compiled once per process (each case has its own harness). */
let unknownParametersOnce: UnknownParameters | undefined;
export function unknownParametersOf(): UnknownParameters {
  if (unknownParametersOnce !== undefined) return unknownParametersOnce;
  const validator = schemaValidator({ coerce: true });
  unknownParametersOnce = (params) =>
    validator
      .check('CreateSnapshotParameters', params)
      .map((problem) => /unknown parameter (.+)$/.exec(problem)?.[1])
      .filter((name): name is string => name !== undefined);
  return unknownParametersOnce;
}

export async function startHarness(): Promise<Harness> {
  // Seeded ids: a scenario gets the same RequestIds and SnapshotIds whichever job runs it, and in every run.
  const sim = new Simulator({ wallClock: Date, ids: seededIds() });
  // No control plane: a driver only talks the API, and cannot change what it is graded on.
  const contentTypes = new Map<string, string>();
  let inFlight = 0;
  let idle: (() => void) | undefined;
  const server = createSimulatorServer(sim, {
    controlPlane: false,
    observer: {
      started: () => {
        inFlight++;
      },
      answered: (response) => {
        const id = response?.headers['x-acs-request-id'];
        if (id !== undefined) contentTypes.set(id, response?.headers['content-type'] ?? '');
        inFlight--;
        if (inFlight === 0) idle?.();
      },
    },
  });
  const address: AddressInfo = await listen(server, 0, '127.0.0.1');
  const endpoint = `http://127.0.0.1:${address.port}`;
  const unknownParameters = unknownParametersOf();

  const settle = async () => {
    if (inFlight === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, SETTLE_MS);
      idle = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    idle = undefined;
  };

  return {
    endpoint,
    async runCase(c, driver) {
      const started = performance.now();
      const applied = applyProviderState(sim, c.state.name, c.state.params);
      if (!applied.ok) throw new Error(`check-client: case "${c.name}": ${applied.errors.join('; ')}`);
      if (c.faults.length > 0) sim.faults.set([...sim.faults.list(), ...c.faults]);
      contentTypes.clear();
      const before = sim.journal.added;
      const call: DriverCall = {
        action: 'CreateSnapshot',
        input: c.input,
        format: c.format,
        scenario: c.name,
        endpoint,
      };
      const run = await driver(call, {
        ECS_ENDPOINT: endpoint,
        ECS_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID,
        ECS_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY_SECRET,
      });
      await settle();
      const requests: GradedRequest[] = sim.journal
        .since(before)
        .map((entry) => ({ ...entry, contentType: contentTypes.get(entry.answer.requestId) }));
      const grade = gradeCase(c, requests, run, unknownParameters);
      return { grade, run, requests, durationMs: performance.now() - started };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
