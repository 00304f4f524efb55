/** Signed calls for the behaviour suite, and checks that an answer is exactly a documented one. */
import { XMLParser } from 'fast-xml-parser';
import { expect } from 'vitest';
import {
  catalogueEntry,
  DEFAULT_EDITION,
  type Edition,
  type ErrorId,
  factsOf,
  messageMatches,
} from '../../src/catalogue.js';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../../src/core/world-document.js';
import { nodeHasher } from '../../src/protocol/node-hasher.js';
import { type Credentials, type SignedRequest, signV1Request, signV3Request } from '../../src/protocol/sign-request.js';
import type { Answer, Target } from './targets.js';

export const credentials: Credentials = {
  accessKeyId: DEFAULT_ACCESS_KEY_ID,
  accessKeySecret: DEFAULT_ACCESS_KEY_SECRET,
};

export type Signing = 'V1 GET' | 'V1 POST' | 'V3';
export const SIGNINGS: Signing[] = ['V1 GET', 'V1 POST', 'V3'];

export interface CallOptions {
  signing?: Signing;
  format?: 'JSON' | 'XML';
  credentials?: Credentials;
  nonce?: string;
  date?: Date;
  /** Changes the signed request before it is sent (tampering, removing a header...). */
  mutate?: (request: SignedRequest) => SignedRequest;
}

export async function signed(target: Target, params: Record<string, string>, options: CallOptions = {}) {
  const common = {
    hasher: nodeHasher,
    credentials: options.credentials ?? credentials,
    params,
    host: target.host,
    ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
    ...(options.date === undefined ? {} : { date: options.date }),
    ...(options.format === undefined ? {} : { format: options.format }),
  };
  const signing = options.signing ?? 'V1 GET';
  if (signing === 'V3') return signV3Request(common);
  return signV1Request({ ...common, method: signing === 'V1 GET' ? 'GET' : 'POST' });
}

export async function call(target: Target, params: Record<string, string>, options: CallOptions = {}): Promise<Answer> {
  const request = await signed(target, params, options);
  return target.send(options.mutate ? options.mutate(request) : request);
}

const xml = new XMLParser({ parseTagValue: false });

export function bodyOf(answer: Answer): Record<string, string> {
  if (answer.contentType.startsWith('text/xml')) {
    const parsed = xml.parse(answer.body) as Record<string, Record<string, string>>;
    return parsed.Error ?? parsed.CreateSnapshotResponse ?? {};
  }
  return JSON.parse(answer.body) as Record<string, string>;
}

/** The answer is the catalogue's error `id` as `edition` has it: status, code, message, envelope. Returns the body. */
export function expectError(answer: Answer, id: ErrorId, edition: Edition = DEFAULT_EDITION): Record<string, string> {
  const entry = catalogueEntry(id);
  const body = bodyOf(answer);
  const facts = factsOf(entry, edition);
  expect({ status: answer.status, code: body.Code }, answer.body).toEqual({ status: facts.status, code: entry.code });
  expect(messageMatches(entry, body.Message ?? '', edition), `message "${body.Message}" for ${id}`).toBe(true);
  expect(body.RequestId).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  expect(answer.requestIdHeader).toBe(body.RequestId);
  expect(body.HostId).toBe(answer.host === undefined || answer.host === '' ? 'ecs.aliyuncs.com' : answer.host);
  expect(body.Recommend).toBe(
    `https://api.aliyun.com/troubleshoot?q=${entry.code}&product=Ecs&requestId=${body.RequestId}`,
  );
  return body;
}

export function expectSuccess(answer: Answer): string {
  const body = bodyOf(answer);
  expect(answer.status, answer.body).toBe(200);
  expect(Object.keys(body).sort()).toEqual(['RequestId', 'SnapshotId']);
  expect(body.SnapshotId).toMatch(/^s-[0-9a-z]{20}$/);
  expect(answer.requestIdHeader).toBe(body.RequestId);
  return body.SnapshotId as string;
}
