import { expect, it } from 'vitest';
import { editDistance, nearest } from './did-you-mean.js';

it.each([
  ['--prot', '--port'],
  ['--prt', '--port'],
  ['--provider', '--provider-url'],
  ['--stat-file', '--state-file'],
  ['verfy', 'verify'],
  ['check', 'check-client'],
  ['--frobnicate', undefined],
  ['x', undefined],
])('suggests for %s: %s', (given, want) => {
  const known = [
    '--port',
    '--host',
    '--provider-url',
    '--state-file',
    '--state-change-url',
    'verify',
    'check-client',
    'serve',
  ];
  expect(nearest(given, known)).toBe(want);
});

it('counts a swap of neighbours as one edit', () => {
  expect(editDistance('prot', 'port')).toBe(1);
  expect(editDistance('', 'abc')).toBe(3);
});
