/**
 * One CreateSnapshot request, from bytes to bytes: read it, run the gateway checks, apply an injected
 * fault, hand the API parameters to the simulator, render the answer, write the journal.
 */
import { assumptions, catalogueEntry, type Edition } from '../catalogue.js';
import type { SimError } from '../core/errors.js';
import type { Pending, Simulator } from '../core/simulator.js';
import { type ApiRequest, JOURNAL_TEXT, parametersLater, readApiRequest } from './api-request.js';
import { checkGateway, type GatewayContext } from './gateway.js';
import type { Hasher } from './hash.js';
import { type RefusalPhase, refusalReason } from './reason.js';
import { type AnswerContext, renderError, renderSuccess } from './render.js';
import { requestAccessKeyId } from './request-access-key.js';
import type { WireRequest, WireResponse } from './wire.js';

export interface ProtocolDeps {
  hasher: Hasher;
  /** Waits for injected latency; setTimeout by default. */
  sleep?: (ms: number) => Promise<void>;
}

/** An error answer echoes at most x-assumptions.limits.maxEchoBytes of the request (in its detail). */
const MAX_ECHO = assumptions.limits.maxEchoBytes;
const bounded = (detail: string) =>
  detail.length <= MAX_ECHO ? detail : `${detail.slice(0, MAX_ECHO)}… (${detail.length - MAX_ECHO} more characters)`;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function handleApiRequest(sim: Simulator, wire: WireRequest, deps: ProtocolDeps): Promise<WireResponse> {
  return answerApiRequest(sim, wire, deps);
}

/**
 * {@link handleApiRequest}, answering at once when nothing has to wait (a synchronous hasher, V1, no injected
 * latency): the server's hot path then makes no promise at all. May throw instead of rejecting.
 */
export function answerApiRequest(
  sim: Simulator,
  wire: WireRequest,
  deps: ProtocolDeps,
): WireResponse | Promise<WireResponse> {
  return new Exchange(sim, wire, deps).run();
}

/** One request on its way through: methods rather than closures, as every request makes one. */
class Exchange {
  readonly request: ApiRequest;
  readonly requestId: string;
  readonly context: GatewayContext;
  /** The world of the request's AccessKeyId: its own for a test key (core/tenants.ts), else the one given. */
  readonly sim: Simulator;
  readonly accessKeyId: string | undefined;
  readonly edition: Edition;

  constructor(
    served: Simulator,
    wire: WireRequest,
    readonly deps: ProtocolDeps,
  ) {
    this.request = readApiRequest(wire);
    this.accessKeyId = requestAccessKeyId(this.request);
    const sim = served.tenant(this.accessKeyId);
    this.sim = sim;
    this.requestId = sim.ids.requestId();
    this.edition = sim.edition();
    this.context = { request: this.request, sim, hasher: deps.hasher, edition: this.edition, verdict: 'not-checked' };
  }

  run(): WireResponse | Promise<WireResponse> {
    const refused = checkGateway(this.context);
    if (refused instanceof Promise) return refused.then((e) => (e === undefined ? this.operation() : this.error(e)));
    return refused === undefined ? this.operation() : this.error(refused);
  }

  operation(): WireResponse | Promise<WireResponse> {
    const { sim, request } = this;
    const fault = sim.faults.take('CreateSnapshot', request.apiParams.DiskId);
    if (fault?.errorId !== undefined) {
      const id = fault.errorId;
      return fault.delayMs > 0
        ? this.sleep(fault.delayMs).then(() => this.error({ id }, 'fault'))
        : this.error({ id }, 'fault');
    }
    const prepared = sim.prepare(request.apiParams, { region: request.region });
    if (!prepared.ok) return this.error(prepared.error, 'operation');
    if ('replay' in prepared) return this.success(prepared.replay);
    // Injected latency holds the request between its idempotency check and its effect, so a second
    // request with the same ClientToken meanwhile sees IdempotentProcessing, as the page describes.
    const { pending } = prepared;
    return fault !== undefined && fault.delayMs > 0
      ? this.sleep(fault.delayMs).then(() => this.commit(pending))
      : this.commit(pending);
  }

  sleep(ms: number): Promise<void> {
    return (this.deps.sleep ?? defaultSleep)(ms);
  }

  commit(pending: Pending): WireResponse {
    const committed = this.sim.commit(pending);
    return committed.ok ? this.success(committed.snapshotId) : this.error(committed.error, 'operation');
  }

  success(snapshotId: string): WireResponse {
    const response = renderSuccess(this.request.format, this.requestId, snapshotId);
    this.journal(response, undefined, snapshotId, undefined);
    return response;
  }

  error(e: SimError & { detail?: string }, phase: RefusalPhase = 'gateway'): WireResponse {
    const entry = catalogueEntry(e.id);
    const answer: AnswerContext = { host: this.request.host, edition: this.edition, now: this.sim.wallClock.now() };
    const response = renderError(
      this.request.format,
      this.requestId,
      {
        entry,
        ...(e.parameterName === undefined ? {} : { parameterName: e.parameterName }),
        ...(e.detail === undefined ? {} : { detail: bounded(e.detail) }),
        ...(e.args === undefined ? {} : { args: e.args }),
      },
      answer,
    );
    const { apiParams } = this.request;
    const reason = refusalReason(e, phase, {
      sim: this.sim,
      diskId: apiParams.DiskId,
      clientToken: apiParams.ClientToken,
      accessKeyId: this.accessKeyId ?? this.context.accessKey?.accessKeyId,
      detail: e.detail === undefined ? undefined : bounded(e.detail),
    });
    this.journal(response, entry.code, undefined, reason);
    return response;
  }

  journal(
    response: WireResponse,
    code: string | undefined,
    snapshotId: string | undefined,
    reason: string | undefined,
  ): void {
    const { request, sim } = this;
    sim.journal.add({
      at: sim.now(),
      method: request.method,
      action: request.action ?? null,
      parameters: parametersLater(request.queryText, request.form),
      ...(request.queryText.length + request.form.length > JOURNAL_TEXT ? { truncated: true as const } : {}),
      version: request.authorization === undefined && !request.params.Signature ? null : request.signatureVersion,
      verdict: this.context.verdict,
      status: response.status,
      requestId: this.requestId,
      code,
      snapshotId,
      reason,
      diskId: request.apiParams.DiskId,
      accessKeyId: this.accessKeyId ?? this.context.accessKey?.accessKeyId,
    });
  }
}
