/**
 * Judges one answer of a provider against what the description says it must be: status, code, message,
 * the error envelope (RequestId, HostId, Code, Message, Recommend), the body schema, and the format asked.
 * Where the editions of the page differ, an answer as the other edition has it conforms too: the verdict
 * names the edition it matched, for a warning.
 */
import { XMLParser } from 'fast-xml-parser';
import {
  catalogueEntry,
  DEFAULT_EDITION,
  EDITIONS,
  type Edition,
  type ErrorId,
  factsOf,
  inEdition,
  messageMatches,
  renderMessage,
} from '../catalogue.js';
import { schemaValidator } from '../openapi/document.js';

export interface ProviderAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface Expectation {
  /** The answer in today's edition (the default). */
  answer: 'success' | ErrorId;
  format: 'JSON' | 'XML';
  parameterName?: string;
  /** What another edition answers instead, where it differs in more than status or message. */
  otherEditions?: Partial<Record<Edition, { answer: 'success' | ErrorId; parameterName?: string }>>;
}

export interface Verdict {
  problems: string[];
  /** The edition whose answer the provider gave, when it is not the default one. */
  matchedEdition?: Edition;
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

/**
 * The answer against today's edition; if it does not conform, against each other edition (its own answer where
 * the expectation names one, else the same row as that edition states it). Problems are today's.
 */
export function judgeEditions(answer: ProviderAnswer, expected: Expectation): Verdict {
  const problems = judge(answer, expected, DEFAULT_EDITION);
  if (problems.length === 0) return { problems };
  for (const edition of EDITIONS) {
    if (edition === DEFAULT_EDITION) continue;
    const other = expected.otherEditions?.[edition];
    const there: Expectation = other === undefined ? expected : { format: expected.format, ...other };
    if (there.answer !== 'success' && inEdition(catalogueEntry(there.answer), edition) === undefined) continue;
    if (judge(answer, there, edition).length === 0) return { problems: [], matchedEdition: edition };
  }
  return { problems };
}

/** Every way the answer differs from the expectation, as `edition` states it; empty when it conforms. */
export function judge(answer: ProviderAnswer, expected: Expectation, edition: Edition = DEFAULT_EDITION): string[] {
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
  const { status } = factsOf(entry, edition);
  if (answer.status !== status) problems.push(`status ${answer.status}, want ${status} for ${entry.code}`);
  if (!body) return problems;
  if (body.Code !== entry.code) problems.push(`code ${String(body.Code)}, want ${entry.code}`);
  else if (!messageMatches(entry, String(body.Message ?? ''), edition)) {
    problems.push(
      `message "${String(body.Message)}", want "${renderMessage(entry, expected.parameterName ?? '<name>', undefined, edition)}"`,
    );
  } else if (expected.parameterName && !String(body.Message).includes(`"${expected.parameterName}"`)) {
    problems.push(`message "${String(body.Message)}" should name the parameter "${expected.parameterName}"`);
  }
  for (const p of validator.check('ErrorResponse', body)) problems.push(`error envelope: ${p}`);
  return problems;
}
