import { describe, expect, it } from 'vitest';
import { createSimulatorHandlers, InvalidControlInput } from './index.js';

describe('createSimulatorHandlers', () => {
  it("answers today's edition unless told another", () => {
    expect(createSimulatorHandlers().simulator.edition()).toBe('2025-01-03');
    expect(createSimulatorHandlers({ edition: 'older-zh-CN' }).simulator.edition()).toBe('older-zh-CN');
  });

  it('refuses an edition it does not know, naming the option and the choices', () => {
    expect(() => createSimulatorHandlers({ edition: 'tomorrow' as never })).toThrow(InvalidControlInput);
    expect(() => createSimulatorHandlers({ edition: 'tomorrow' as never })).toThrow(
      'edition: must be one of 2025-01-03, older-zh-CN (got "tomorrow")',
    );
  });
});
