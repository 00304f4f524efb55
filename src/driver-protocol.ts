/**
 * The check-client driver protocol (examples/drivers/README.md) as types, for drivers written in TypeScript.
 * check-client's harness builds what it sends with these types, so they cannot drift from what it does.
 */
import type { AnswerFormat } from './cli/check-client/cases.js';
import type { ScenarioInput } from './contracts/scenarios.js';

export type { DriverResult } from './cli/check-client/driver.js';

/**
 * The environment a driver runs in, on top of check-client's own. With --persistent, one driver answers
 * calls to many simulators: ECS_ENDPOINT is not set, and each call's `endpoint` says where to send it.
 */
export interface DriverEnvironment {
  /** `http://127.0.0.1:PORT`: scheme, host and port of the simulator; requests go to `/`. Not set with --persistent. */
  ECS_ENDPOINT: string;
  ECS_ACCESS_KEY_ID: string;
  ECS_ACCESS_KEY_SECRET: string;
}

/** The call's parameters, as the client's caller would give them; absent fields are not sent. */
export type DriverInput = ScenarioInput;

/** What a driver reads on stdin: one JSON document on one line (with --persistent, one line per call). */
export interface DriverCall {
  action: 'CreateSnapshot';
  /** `http://127.0.0.1:PORT`: the simulator of this call (ECS_ENDPOINT's value, when that is set). */
  endpoint: string;
  /** The answer format to ask the service for. */
  format: AnswerFormat;
  /** The scenario's name (what `--scenarios` matches). */
  scenario: string;
  input: DriverInput;
}
