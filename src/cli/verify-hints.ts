/**
 * What `verify` adds to a failing run when the failures share one cause the user can fix: the provider
 * refusing the credentials every signed request carries.
 */
import { catalogueEntry, type ErrorId } from '../catalogue.js';
import type { Credentials } from '../protocol/sign-request.js';
import type { CaseResult } from './report.js';

/** The answers of a provider that does not accept the key or the secret verify signs with. */
const CREDENTIAL_ERRORS: ErrorId[] = [
  'InvalidAccessKeyId',
  'InvalidAccessKeyId.NotFound',
  'InvalidAccessKeyId.Inactive',
  'SignatureDoesNotMatch',
  'Forbidden.RAM',
];
const credentialCodes = new Set<string>(CREDENTIAL_ERRORS.map((id) => catalogueEntry(id).code));

/**
 * A hint when (nearly) every failure is a credential refusal: at least 5, and at least 80% of the failures
 * (the few left are cases whose own answer the refusal happens to resemble, or that fail for it later).
 */
export function credentialHint(results: CaseResult[], credentials: Credentials): string | undefined {
  const failed = results.filter((r) => r.status === 'failed');
  const refused = failed.filter((r) => r.answerCode !== undefined && credentialCodes.has(r.answerCode));
  if (refused.length < 5 || refused.length < 0.8 * failed.length) return undefined;
  const codes = [...new Set(refused.map((r) => r.answerCode))].join(', ');
  return [
    `hint: ${refused.length} of the ${failed.length} failed cases were refused with ${codes}: the provider does not`,
    `      accept the access key ${credentials.accessKeyId} (or its secret). Pass credentials it knows with`,
    '      --access-key-id ID --access-key-secret SECRET (or ECS_ACCESS_KEY_ID / ECS_ACCESS_KEY_SECRET).',
  ].join('\n');
}
