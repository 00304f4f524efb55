import { describe, expect, it } from 'vitest';
import { InvalidWorldDocument, startSimulator } from './start-simulator.js';

describe('startSimulator', () => {
  it('refuses a world that is not a World document, naming the field, and starts nothing', async () => {
    const started = startSimulator({ world: { disks: [{ diskId: 'd-1', sizeGB: 5 }] } });
    await expect(started).rejects.toBeInstanceOf(InvalidWorldDocument);
    await expect(started).rejects.toThrow('disks[0]: unknown field "sizeGB"');
  });

  it('serves the world given to the main world and to every test key, on a free port of 127.0.0.1', async () => {
    const simulator = await startSimulator({ world: { disks: [{ diskId: 'd-mine' }] } });
    try {
      expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(simulator.url).toBe(`http://${simulator.endpoint}`);
      expect((await simulator.controls.world()).disks?.map((d) => d.diskId)).toEqual(['d-mine']);
      const key = simulator.testKey('mine');
      const world = await key.controls.world();
      expect(world.disks?.map((d) => d.diskId)).toEqual(['d-mine']);
      expect(world.accessKeys?.map((k) => k.accessKeyId)).toContain(key.accessKeyId);
    } finally {
      await simulator.close();
    }
    await simulator.close(); // a second close is harmless
    await expect(fetch(`${simulator.url}/_sim/health`)).rejects.toThrow();
  });
});
