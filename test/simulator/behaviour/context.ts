/**
 * What each group of cases of the behaviour suite is given (suite.ts makes one per target and edition), and
 * the helpers the groups share: answers that differ by edition, the request's parameters, tags.
 */
import type { Edition, ErrorId } from '../../../src/catalogue.js';
import type { Answer, Target } from '../../support/targets.js';

/** What each edition answers, where they differ. */
export type Want = ErrorId | 'success' | { today: ErrorId | 'success'; older: ErrorId | 'success' };
export const wantIn = (want: Want, edition: Edition): ErrorId | 'success' =>
  typeof want === 'string' ? want : edition === '2025-01-03' ? want.today : want.older;

export const params = (diskId = 'd-healthy', extra: Record<string, string> = {}) => ({ DiskId: diskId, ...extra });
export const tags = (n: number, key = (i: number) => `k${i}`) =>
  Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      [`Tag.${i + 1}.Key`, key(i + 1)],
      [`Tag.${i + 1}.Value`, `v${i + 1}`],
    ]).flat(),
  );

/** One target answering one edition, as a group of cases sees it. */
export interface Cases {
  /** The target under test. It is made in the suite's beforeAll: read it in a test or a hook, not while collecting. */
  readonly target: Target;
  readonly edition: Edition;
  /** Whether the edition is today's, 2025-01-03. */
  readonly today: boolean;
  /** The answer is the documented error `id` of this edition; the id counts towards the catalogue's coverage. */
  expectErr(answer: Answer, id: ErrorId): Record<string, string>;
  /** The answer is `want` as this edition has it. */
  expectAnswer(answer: Answer, want: Want): void;
}
