/**
 * A fuzzing session: one simulator on a real socket, the answers counted, the ClientToken check across
 * answers, and failures counted by kind and formatted for a report.
 */
import { Agent } from 'node:http';
import fc from 'fast-check';
import { assumptions } from '../../../src/catalogue.js';
import { USED_CLIENT_TOKEN } from '../../../src/core/default-world.js';
import { Simulator } from '../../../src/core/simulator.js';
import { createSimulatorServer, listen } from '../../../src/node/server.js';
import { build } from './build.js';
import { checkAnswer, describeRequest } from './checks.js';
import type { BuildContext, Plan } from './plans.js';
import { send } from './send.js';

export interface Failure {
  /** The answer: status and catalogue id (or what else came). */
  outcome: string;
  plan: Plan;
  request: string;
  answer: string;
  problems: string[];
}

export class FuzzSession {
  readonly sim = new Simulator({ wallClock: Date });
  readonly server = createSimulatorServer(this.sim);
  readonly agent: Agent;
  port = 0;
  host = '';
  requests = 0;
  readonly byAnswer = new Map<string, number>();
  /** Failing requests, by kind (see failureKind), and the first few of each kind. */
  failed = 0;
  readonly byKind = new Map<string, { count: number; examples: Failure[] }>();
  /** ClientToken → the SnapshotId its first success answered, since the last reset of the world. */
  #tokens = new Map<string, string>();
  #tokenExpiry = new Map<string, number>();
  #nonce = 0;
  readonly #prefix = `fz${Date.now().toString(36)}`;

  constructor(
    readonly timeoutMs = 5000,
    concurrency = 1,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    this.#resetTokens();
  }

  async start(): Promise<this> {
    const address = await listen(this.server, 0, '127.0.0.1');
    this.port = address.port;
    this.host = `127.0.0.1:${address.port}`;
    return this;
  }

  #resetTokens() {
    this.#tokens = new Map([[USED_CLIENT_TOKEN, 's-used-token']]);
    this.#tokenExpiry = new Map();
  }

  /** Back to the default world (call it with no request in flight: the ClientToken check starts over). */
  resetWorld(): void {
    this.sim.reset();
    this.#resetTokens();
  }

  readonly context: BuildContext = {
    host: '',
    now: () => this.sim.wallClock.now(),
    nonce: () => `${this.#prefix}-${++this.#nonce}`,
  };

  /** Sends the plan (twice for a replay); the requests whose answers broke the contract. */
  async run(p: Plan, examplesPerKind = 3): Promise<Failure[]> {
    const requests = await build(p, { ...this.context, host: this.host });
    const failures: Failure[] = [];
    for (const req of requests) {
      const answer = await send(this.agent, this.port, req, this.timeoutMs);
      const verdict = checkAnswer(req, answer);
      this.requests++;
      const key = verdict.outcome === 'success' ? '200 success' : `${verdict.status} ${verdict.outcome}`;
      this.byAnswer.set(key, (this.byAnswer.get(key) ?? 0) + 1);
      const found = [...verdict.problems];
      const token = req.expect.clientToken;
      if (verdict.snapshotId !== undefined && token !== undefined) {
        // A record made by a request is forgotten after x-assumptions.clientTokens.ttlSeconds of virtual time.
        const expired = (this.#tokenExpiry.get(token) ?? Number.POSITIVE_INFINITY) <= this.sim.now();
        const first = expired ? undefined : this.#tokens.get(token);
        if (first === undefined) {
          this.#tokens.set(token, verdict.snapshotId);
          this.#tokenExpiry.set(token, this.sim.now() + assumptions.clientTokens.ttlSeconds * 1000);
        } else if (first !== verdict.snapshotId)
          found.push(`ClientToken ${JSON.stringify(token)} answered ${verdict.snapshotId}, and ${first} before`);
      }
      if (found.length > 0) {
        const failure: Failure = {
          outcome: key,
          plan: p,
          request: describeRequest(req),
          answer:
            answer.error ?? `${answer.status} ${String(answer.headers['content-type'])}\n${answer.body.slice(0, 600)}`,
          problems: found,
        };
        failures.push(failure);
        this.failed++;
        const kind = failureKind(failure);
        const entry = this.byKind.get(kind) ?? { count: 0, examples: [] };
        entry.count++;
        if (entry.examples.length < examplesPerKind) entry.examples.push(failure);
        this.byKind.set(kind, entry);
      }
    }
    return failures;
  }

  /** The control plane still answers. */
  async health(): Promise<string> {
    const answer = await send(
      this.agent,
      this.port,
      {
        method: 'GET',
        path: '/_sim/health',
        headers: [],
        body: new Uint8Array(),
        chunked: false,
        zeroLength: false,
        expect: { ids: new Set(), why: '' },
      },
      this.timeoutMs,
    );
    return answer.error ?? `${answer.status} ${answer.body}`;
  }

  async close(): Promise<void> {
    this.agent.destroy();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/** A failure's kind, for counting: its first problem without the values that change from request to request. */
export function failureKind(f: Failure): string {
  const problem = f.problems[0] ?? '';
  const what = problem.split(/ — |, want |: /)[0] ?? '';
  return `${f.outcome}: ${what}`
    .replace(/"[^"]*"/g, '"…"')
    .replace(/s-sim\w+/g, 's-…')
    .slice(0, 160)
    .trim();
}

/** A failure, for a report: the problems, then the request as sent, then the answer. */
export function formatFailure(f: Failure): string {
  return [
    `problems: ${f.problems.join('\n          ')}`,
    '--- request',
    f.request,
    '--- answer',
    f.answer,
    '--- plan',
    fc.stringify(f.plan).slice(0, 2000),
  ].join('\n');
}
