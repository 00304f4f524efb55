/**
 * Judges one answer of a provider against what the description says it must be: status, code, message,
 * the error envelope (RequestId, HostId, Code, Message, Recommend), the body schema, and the format asked.
 */
import { XMLParser } from 'fast-xml-parser';
import { catalogueEntry, type ErrorId, messageMatches, renderMessage } from '../catalogue.js';
import { schemaValidator } from '../openapi/document.js';

export interface ProviderAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface Expectation {
  answer: 'success' | ErrorId;
  format: 'JSON' | 'XML';
  parameterName?: string;
}

const validator = schemaValidator();
const xml = new XMLParser({ parseTagValue: false, processEntities: true });

function parse(answer: ProviderAnswer, problems: string[]): Record<string, unknown> | undefined {
  const looksXml = answer.contentType.startsWith('text/xml') || answer.body.trimStart().startsWith('<');
  try {
    if (looksXml) {
      const doc = xml.parse(answer.body) as Record<string, Record<string, unknown>>;
      return (
        doc.Error ??
        doc.CreateSnapshotResponse ??
        (Object.values(doc).find((v) => typeof v === 'object') as Record<string, unknown>)
      );
    }
    return JSON.parse(answer.body) as Record<string, unknown>;
  } catch {
    problems.push(`the body is not ${looksXml ? 'XML' : 'JSON'}: ${answer.body.slice(0, 120)}`);
    return undefined;
  }
}

/** Every way the answer differs from the expectation; empty when it conforms. */
export function judge(answer: ProviderAnswer, expected: Expectation): string[] {
  const problems: string[] = [];
  const wantType = expected.format === 'JSON' ? 'application/json' : 'text/xml';
  if (!answer.contentType.toLowerCase().startsWith(wantType)) {
    problems.push(
      `${expected.format} was asked, but the content type is "${answer.contentType}" (want ${wantType}${expected.format === 'XML' ? ';charset=utf-8' : ''})`,
    );
  }
  const body = parse(answer, problems);
  if (expected.answer === 'success') {
    if (answer.status !== 200)
      problems.push(`status ${answer.status}, want 200 (a success); body: ${answer.body.slice(0, 200)}`);
    if (body) for (const p of validator.check('CreateSnapshotResponse', body)) problems.push(`success body: ${p}`);
    return problems;
  }
  const entry = catalogueEntry(expected.answer);
  if (answer.status !== entry.status) problems.push(`status ${answer.status}, want ${entry.status} for ${entry.code}`);
  if (!body) return problems;
  if (body.Code !== entry.code) problems.push(`code ${String(body.Code)}, want ${entry.code}`);
  else if (!messageMatches(entry, String(body.Message ?? ''))) {
    problems.push(
      `message "${String(body.Message)}", want "${renderMessage(entry, expected.parameterName ?? '<name>')}"`,
    );
  } else if (expected.parameterName && !String(body.Message).includes(`"${expected.parameterName}"`)) {
    problems.push(`message "${String(body.Message)}" should name the parameter "${expected.parameterName}"`);
  }
  for (const p of validator.check('ErrorResponse', body)) problems.push(`error envelope: ${p}`);
  return problems;
}
