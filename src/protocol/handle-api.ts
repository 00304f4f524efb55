/**
 * One CreateSnapshot request, from bytes to bytes: read it, run the gateway checks, apply an injected
 * fault, hand the API parameters to the simulator, render the answer, write the journal.
 */
import { catalogueEntry } from '../catalogue.js';
import type { SimError } from '../core/errors.js';
import type { Pending, Simulator } from '../core/simulator.js';
import { readApiRequest } from './api-request.js';
import { checkGateway, type GatewayContext } from './gateway.js';
import type { Hasher } from './hash.js';
import { renderError, renderSuccess } from './render.js';
import type { WireRequest, WireResponse } from './wire.js';

export interface ProtocolDeps {
  hasher: Hasher;
  /** Waits for injected latency; setTimeout by default. */
  sleep?: (ms: number) => Promise<void>;
}

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
  const request = readApiRequest(wire);
  const requestId = sim.ids.requestId();
  const context: GatewayContext = { request, sim, hasher: deps.hasher, verdict: 'not-checked' };

  const answer = (response: WireResponse, outcome: { code?: string; snapshotId?: string }) => {
    sim.journal.add({
      at: sim.now(),
      method: request.method,
      action: request.action ?? null,
      parameters: request.params,
      signature: {
        version: request.authorization === undefined && !request.params.Signature ? null : request.signatureVersion,
        verdict: context.verdict,
      },
      answer: { status: response.status, requestId, ...outcome },
    });
    return response;
  };
  const error = (e: SimError & { detail?: string }) => {
    const entry = catalogueEntry(e.id);
    const rendered = renderError(request.format, requestId, {
      entry,
      ...(e.parameterName === undefined ? {} : { parameterName: e.parameterName }),
      ...(e.detail === undefined ? {} : { detail: e.detail }),
    });
    return answer(rendered, { code: entry.code });
  };
  const sleep = deps.sleep ?? defaultSleep;

  const commit = (pending: Pending) => {
    const committed = sim.commit(pending);
    if (!committed.ok) return error(committed.error);
    return answer(renderSuccess(request.format, requestId, committed.snapshotId), {
      snapshotId: committed.snapshotId,
    });
  };
  const operation = () => {
    const fault = sim.faults.take('CreateSnapshot', request.apiParams.DiskId);
    if (fault?.errorId !== undefined) {
      const id = fault.errorId;
      return fault.delayMs > 0 ? sleep(fault.delayMs).then(() => error({ id })) : error({ id });
    }
    const prepared = sim.prepare(request.apiParams);
    if (!prepared.ok) return error(prepared.error);
    if ('replay' in prepared)
      return answer(renderSuccess(request.format, requestId, prepared.replay), { snapshotId: prepared.replay });
    // Injected latency holds the request between its idempotency check and its effect, so a second
    // request with the same ClientToken meanwhile sees IdempotentProcessing, as the page describes.
    const { pending } = prepared;
    return fault !== undefined && fault.delayMs > 0
      ? sleep(fault.delayMs).then(() => commit(pending))
      : commit(pending);
  };

  const refused = checkGateway(context);
  if (refused instanceof Promise) return refused.then((e) => (e === undefined ? operation() : error(e)));
  return refused === undefined ? operation() : error(refused);
}
