/**
 * One pact per consumer: for every scenario, an interaction whose request is what this client puts on
 * the wire (matchers only where the value is truly variable) and whose response is the documented
 * answer; the test then runs the real client against Pact's mock server and checks what it surfaces.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { MatchersV3, PactV4, type TemplateHeaders, type TemplateQuery } from '@pact-foundation/pact';
import { describe, expect, it } from 'vitest';
import {
  assumptions,
  catalogueEntry,
  DEFAULT_EDITION,
  type Edition,
  factsOf,
  renderMessage,
} from '../../src/catalogue.js';
import { type Scenario, scenarioParameters, scenariosFor } from '../../src/contracts/scenarios.js';
import { DEFAULT_ACCESS_KEY_ID } from '../../src/core/world-document.js';

const { regex } = MatchersV3;

export const PROVIDER = 'ecs-createsnapshot';
/** Where pact files go: contracts/ for `npm run contracts`, a scratch folder inside `npm test`. */
export const PACT_DIR = process.env.PACT_OUTPUT_DIR ?? join(process.cwd(), '.tmp', 'pacts');
/** Today's edition's pacts in PACT_DIR, another edition's in a folder named after it (contracts/older-zh-CN/). */
export const pactDirOf = (edition: Edition) => (edition === DEFAULT_EDITION ? PACT_DIR : join(PACT_DIR, edition));

export const EXAMPLE_REQUEST_ID = 'C8B26B44-0189-443E-9816-D951F59623A9';
export const EXAMPLE_SNAPSHOT_ID = 's-bp17441ohwka0yuh0001';
const UUID = '^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$';
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The variable parts of signed requests, each with a fixed example so that pact files are stable. */
export const variable = {
  timestamp: () => regex('^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$', '2026-11-29T06:00:00Z'),
  nonce: () => regex('^[0-9A-Za-z-]{8,64}$', '3ee8c1b883d344afa94f4e0ad82fd6cf'),
  signatureV1: () => regex('^[A-Za-z0-9+/]{27}=$', 'OLeaidS1JvxuMvnyHOwuJ+uX5qY='),
  clientToken: () =>
    regex('^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', '123e4567-e89b-42d3-a456-426655440000'),
  authorization: (signedHeaders: string) =>
    regex(
      `^ACS3-HMAC-SHA256 Credential=${DEFAULT_ACCESS_KEY_ID},SignedHeaders=${escapeRegExp(signedHeaders)},Signature=[0-9a-f]{64}$`,
      `ACS3-HMAC-SHA256 Credential=${DEFAULT_ACCESS_KEY_ID},SignedHeaders=${signedHeaders},Signature=${'0'.repeat(64)}`,
    ),
};

/** V1 parameters around the API ones, as clients send them. */
export function v1Query(api: Record<string, string>, format: string): TemplateQuery {
  return {
    Action: 'CreateSnapshot',
    Version: '2014-05-26',
    Format: format,
    AccessKeyId: DEFAULT_ACCESS_KEY_ID,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: variable.nonce(),
    Timestamp: variable.timestamp(),
    Signature: variable.signatureV1(),
    ...api,
  };
}

export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function v3Headers(signedHeaders: string, extra: Record<string, string> = {}): TemplateHeaders {
  return {
    'x-acs-action': 'CreateSnapshot',
    'x-acs-version': '2014-05-26',
    'x-acs-date': variable.timestamp(),
    'x-acs-signature-nonce': variable.nonce(),
    'x-acs-content-sha256': EMPTY_BODY_SHA256,
    authorization: variable.authorization(signedHeaders),
    ...extra,
  };
}

export interface ExpectedRequest {
  method: 'GET' | 'POST';
  query?: TemplateQuery;
  headers?: TemplateHeaders;
  /** An application/x-www-form-urlencoded body: fixed values and matchers by field. */
  form?: Record<string, string | ReturnType<typeof regex>>;
}

export type { Surfaced } from '../support/sdk-clients.js';

import type { Surfaced } from '../support/sdk-clients.js';

export interface ConsumerSpec {
  consumer: string;
  request(scenario: Scenario, api: Record<string, string>): ExpectedRequest;
  /** Runs the real client against `baseUrl` and reports what it surfaced to its caller. */
  call(scenario: Scenario, baseUrl: string): Promise<Surfaced>;
  /** What the client should surface for this scenario (a known mishandling is stated here, by name). */
  surfaces(scenario: Scenario): Surfaced;
}

function errorBody(scenario: Scenario) {
  if (scenario.answer === 'success') throw new Error('not an error scenario');
  const entry = catalogueEntry(scenario.answer);
  const message = renderMessage(entry, scenario.parameterName, scenario.args, scenario.edition);
  return {
    RequestId: regex(UUID, EXAMPLE_REQUEST_ID),
    // HostId echoes the host the request was sent to: a real endpoint, or the provider's own address.
    HostId: regex('^[A-Za-z0-9.-]+(:[0-9]{1,5})?$', assumptions.hostId),
    Code: entry.code,
    // SignatureDoesNotMatch goes on with the server's string to sign: only the documented part is fixed.
    Message: 'appendsDetail' in entry ? regex(`^${escapeRegExp(message)}( [\\s\\S]*)?$`, message) : message,
    Recommend: regex(
      `^https://api\\.aliyun\\.com/troubleshoot\\?q=${escapeRegExp(entry.code)}&product=Ecs&requestId=[0-9A-F-]{36}$`,
      `https://api.aliyun.com/troubleshoot?q=${entry.code}&product=Ecs&requestId=${EXAMPLE_REQUEST_ID}`,
    ),
  };
}

export function definePact(spec: ConsumerSpec, edition: Edition = DEFAULT_EDITION): void {
  const dir = pactDirOf(edition);
  const pact = new PactV4({ consumer: spec.consumer, provider: PROVIDER, dir, logLevel: 'warn' });
  rmSync(join(dir, `${spec.consumer}-${PROVIDER}.json`), { force: true });

  describe(`${spec.consumer}, edition ${edition}`, () => {
    it.each(scenariosFor(edition).map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
      const expected = spec.request(scenario, scenarioParameters(scenario.input));
      const status = scenario.answer === 'success' ? 200 : factsOf(catalogueEntry(scenario.answer), edition).status;
      await pact
        .addInteraction()
        .given(scenario.state.name, scenario.state.params)
        .uponReceiving(scenario.name)
        .withRequest(expected.method, '/', (b) => {
          if (expected.query) b.query(expected.query);
          if (expected.headers) b.headers(expected.headers);
          if (expected.form) formBody(b, expected.form);
        })
        .willRespondWith(status, (b) => {
          b.headers({ 'Content-Type': 'application/json;charset=utf-8' });
          b.jsonBody(
            scenario.answer === 'success'
              ? {
                  RequestId: regex(UUID, EXAMPLE_REQUEST_ID),
                  SnapshotId: regex('^s-[0-9a-z]{6,}$', EXAMPLE_SNAPSHOT_ID),
                }
              : errorBody(scenario),
          );
        })
        .executeTest(async (mock) => {
          expect(await spec.call(scenario, mock.url)).toEqual(spec.surfaces(scenario));
        });
    });
  });
}

type RequestBuilder = Parameters<
  NonNullable<Parameters<ReturnType<ReturnType<PactV4['addInteraction']>['uponReceiving']>['withRequest']>[2]>
>[0];

/**
 * A form body with its own matching rule per field (toolchain.md: `.body()` alone puts a content-type
 * rule on `$` that fails every field without one).
 */
function formBody(b: RequestBuilder, form: NonNullable<ExpectedRequest['form']>): void {
  const example = new URLSearchParams();
  const rules = Object.entries(form).map(([name, value]) => {
    example.append(name, typeof value === 'string' ? value : String(value.value));
    return {
      path: name.includes('.') ? `$['${name}']` : `$.${name}`,
      rules: [typeof value === 'string' ? MatchersV3.equal(value) : value],
    };
  });
  b.headers({ 'Content-Type': 'application/x-www-form-urlencoded' });
  b.body('application/x-www-form-urlencoded', Buffer.from(example.toString()));
  b.matchingRules({ body: rules });
}
