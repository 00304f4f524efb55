/** Runs the OpenAPI-derived suite against a provider over HTTP, one case at a time. */
import { DEFAULT_EDITION } from '../catalogue.js';
import type { CaseResult } from '../cli/report.js';
import { nodeHasher } from '../protocol/node-hasher.js';
import { type Credentials, type SignedRequest, signV1Request, signV3Request } from '../protocol/sign-request.js';
import { judgeEditions, type ProviderAnswer } from './judge.js';
import type { ConformanceCase, RequestPlan } from './openapi-suite.js';

export interface SuiteTarget {
  providerUrl: string;
  stateChangeUrl?: string | undefined;
  credentials: Credentials;
  timeoutMs: number;
}

async function sign(plan: RequestPlan, target: SuiteTarget): Promise<SignedRequest> {
  const url = new URL(target.providerUrl);
  const wrong =
    plan.tamper === 'wrong-secret'
      ? { ...target.credentials, accessKeySecret: `${target.credentials.accessKeySecret}-wrong` }
      : undefined;
  const unknown =
    plan.tamper === 'unknown-key' ? { ...target.credentials, accessKeyId: 'LTAI-conformance-unknown' } : undefined;
  const options = {
    hasher: nodeHasher,
    credentials: wrong ?? unknown ?? target.credentials,
    params: plan.params,
    host: url.host,
    format: plan.format,
    ...(plan.tamper === 'expired' ? { date: new Date(Date.now() + (plan.signing === 'V3' ? 16 : -16) * 60_000) } : {}),
  };
  const request =
    plan.signing === 'V3'
      ? await signV3Request(options)
      : await signV1Request({ ...options, method: plan.signing === 'V1 GET' ? 'GET' : 'POST' });
  return tamper(request, plan);
}

function editParams(request: SignedRequest, edit: (p: URLSearchParams) => void): SignedRequest {
  if (request.method === 'GET') {
    const query = new URLSearchParams(request.url.slice(2));
    edit(query);
    return { ...request, url: `/?${query.toString().replace(/\+/g, '%20')}` };
  }
  const form = new URLSearchParams(request.body);
  edit(form);
  return { ...request, body: form.toString().replace(/\+/g, '%20') };
}

function tamper(request: SignedRequest, plan: RequestPlan): SignedRequest {
  switch (plan.tamper) {
    case 'drop-param':
      return editParams(request, (p) => p.delete(plan.name as string));
    case 'set-param':
      return editParams(request, (p) => p.set(plan.name as string, plan.value as string));
    case 'method-put':
      return { ...request, method: 'PUT' as 'GET' };
    case 'v3-incomplete':
      return { ...request, headers: { ...request.headers, authorization: 'ACS3-HMAC-SHA256 Credential=incomplete' } };
    case 'v3-body':
      return { ...request, body: 'DiskId=d-other', headers: { ...request.headers, 'content-type': 'text/plain' } };
    default:
      return request;
  }
}

async function send(target: SuiteTarget, request: SignedRequest): Promise<ProviderAnswer> {
  const { host: _host, ...headers } = request.headers;
  const response = await fetch(new URL(request.url, target.providerUrl), {
    method: request.method,
    headers,
    ...(request.body === '' ? {} : { body: request.body }),
    signal: AbortSignal.timeout(target.timeoutMs),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: await response.text(),
  };
}

async function setState(
  target: SuiteTarget,
  state: NonNullable<ConformanceCase['state']>,
): Promise<string | undefined> {
  const response = await fetch(target.stateChangeUrl as string, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ state: state.name, params: state.params, action: 'setup' }),
    signal: AbortSignal.timeout(target.timeoutMs),
  });
  return response.ok
    ? undefined
    : `the state-change URL refused "${state.name}": ${response.status} ${await response.text()}`;
}

export async function runCase(c: ConformanceCase, target: SuiteTarget): Promise<CaseResult> {
  const started = performance.now();
  const result = (status: CaseResult['status'], message?: string): CaseResult => ({
    suite: 'openapi',
    name: c.name,
    status,
    durationMs: performance.now() - started,
    ...(message === undefined ? {} : { message }),
  });
  if (c.state && !target.stateChangeUrl)
    return result('skipped', `needs the provider state "${c.state.name}": pass --state-change-url`);
  try {
    if (c.state) {
      const refused = await setState(target, c.state);
      if (refused) return result('failed', refused);
    }
    const request = await sign(c.request, target);
    let answer = await send(target, request);
    if (c.replay) answer = await send(target, request);
    const { problems, matchedEdition } = judgeEditions(answer, c.expect);
    if (problems.length > 0) {
      const code = /"Code"\s*:\s*"([^"]*)"|<Code>([^<]*)<\/Code>/.exec(answer.body);
      const failed = result('failed', problems.join('\n'));
      return code ? { ...failed, answerCode: (code[1] ?? code[2]) as string } : failed;
    }
    // Conforms, as the other edition of the page has it: a warning, not a failure.
    return matchedEdition === undefined
      ? result('passed')
      : { ...result('passed'), warning: `answered as edition ${matchedEdition} of the page, not ${DEFAULT_EDITION}` };
  } catch (error) {
    return result('failed', `no answer: ${(error as Error).message}`);
  }
}
