/**
 * One behaviour suite for every implementation of the simulator: in process, MSW handlers, HTTP server,
 * answering one edition of the page (behaviour.test.ts: today's, the default; behaviour-older.test.ts: the
 * older one, side by side). Every success path, every documented error of the edition, idempotency, the
 * lifecycle, both signature versions, both formats. Documented codes, statuses and messages come from the
 * catalogue only. The cases are in this folder, one module per theme; this entry runs them all, in order, on
 * each target, then checks that every documented error of the edition was reached.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Edition, type ErrorId, errorCatalogue, inEdition } from '../../../src/catalogue.js';
import { expectError, expectSuccess } from '../../support/call.js';
import { type Answer, httpTarget, inProcessTarget, mswTarget, type Target } from '../../support/targets.js';
import { type Cases, type Want, wantIn } from './context.js';
import { faultCases, lifecycleCases } from './faults-and-clock.js';
import { gatewayCases } from './gateway.js';
import { parameterCases } from './parameters.js';
import { idempotencyCases, successCases } from './success.js';
import { fixtureCases, worldDocumentCases } from './world.js';

const makers: Array<(edition: Edition) => Promise<Target> | Target> = [inProcessTarget, mswTarget, httpTarget];

export function behaviourSuite(edition: Edition): void {
  /** Every catalogue id some test saw, per target: checked against the edition's catalogue at the end. */
  const seen = new Map<string, { edition: Edition; saw: Set<string> }>();
  describe.each(makers.map((make) => [make.name.replace('Target', ''), edition, { make }] as const))(
    '%s, edition %s',
    (name, edition, { make }) => {
      let target: Target;
      const saw = new Set<string>();
      seen.set(`${name} ${edition}`, { edition, saw });
      const today = edition === '2025-01-03';
      const expectErr = (answer: Answer, id: ErrorId) => {
        saw.add(id);
        return expectError(answer, id, edition);
      };
      /** The answer is `want` as this edition has it. */
      const expectAnswer = (answer: Answer, want: Want) => {
        const w = wantIn(want, edition);
        if (w === 'success') expectSuccess(answer);
        else expectErr(answer, w);
      };
      const ctx: Cases = {
        get target() {
          return target;
        },
        edition,
        today,
        expectErr,
        expectAnswer,
      };

      beforeAll(async () => {
        target = await make(edition);
      });
      afterAll(async () => target.close());
      beforeEach(async () => target.control.reset());

      successCases(ctx);
      fixtureCases(ctx);
      parameterCases(ctx);
      gatewayCases(ctx);
      idempotencyCases(ctx);
      faultCases(ctx);
      lifecycleCases(ctx);
      worldDocumentCases(ctx);
    },
  );

  describe(`coverage of the catalogue, edition ${edition}`, () => {
    it('every documented error of the edition was reached on every target, in that edition', () => {
      expect(seen.size).toBe(makers.length);
      for (const [name, { edition, saw }] of seen) {
        const all = errorCatalogue.filter((e) => inEdition(e, edition) !== undefined).map((e) => e.id);
        expect([...saw].sort(), name).toEqual(all.sort());
      }
    });
  });
}
