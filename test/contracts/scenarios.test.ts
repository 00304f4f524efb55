/**
 * The contract scenarios hold on the simulator itself: each provider state, met by its call, gives the
 * scenario's answer. (Pact verification checks the same through the pacts; this pins the states first.)
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_EDITION, errorCatalogue, inEdition } from '../../src/catalogue.js';
import { applyProviderState } from '../../src/contracts/provider-states.js';
import { scenarioParameters, scenarios } from '../../src/contracts/scenarios.js';
import { Simulator } from '../../src/core/simulator.js';
import { call, expectError, expectSuccess } from '../support/call.js';
import { inProcessTarget } from '../support/targets.js';

describe('contract scenarios on the simulator', () => {
  it("cover the successes and every error of today's edition once", () => {
    const today = errorCatalogue.filter((e) => inEdition(e, DEFAULT_EDITION) !== undefined).map((e) => e.id);
    expect(
      scenarios
        .filter((s) => s.answer !== 'success')
        .map((s) => s.answer)
        .sort(),
    ).toEqual(today.sort());
    expect(scenarios.filter((s) => s.answer === 'success')).toHaveLength(3);
    expect(new Set(scenarios.map((s) => s.name)).size).toBe(scenarios.length);
  });

  it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const target = inProcessTarget();
    const applied = applyProviderState(target.simulator, scenario.state.name, scenario.state.params);
    expect(applied).toEqual({ ok: true });
    const answer = await call(target, scenarioParameters(scenario.input));
    if (scenario.answer === 'success') expectSuccess(answer);
    else {
      const body = expectError(answer, scenario.answer);
      if (scenario.parameterName && body.Code === 'MissingParameter')
        expect(body.Message).toContain(`"${scenario.parameterName}"`);
      if (scenario.args) for (const arg of scenario.args) expect(body.Message).toContain(arg);
    }
  });

  it('refuses an unknown state and a missing parameter, naming them', () => {
    const sim = new Simulator({ wallClock: Date });
    const unknown = applyProviderState(sim, 'disk {diskId} is on fire', { diskId: 'd-1' });
    expect(unknown.ok).toBe(false);
    expect(JSON.stringify(unknown)).toContain('unknown provider state \\"disk {diskId} is on fire\\"');
    expect(applyProviderState(sim, 'disk {diskId} is healthy', {})).toEqual({
      ok: false,
      errors: ['params.diskId: required by the state "disk {diskId} is healthy"'],
    });
  });
});
