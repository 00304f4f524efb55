/**
 * check-client grades SignatureType and RegionId as the common parameters they are (generated from the
 * description's x-common parameters): a driver signing as the Python and Go V1 SDK cores do, sending
 * `SignatureType=` and `RegionId` on every request, passes. (Before today's description it was graded
 * "sent parameters the API does not have: SignatureType" on every scenario.)
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const driver = [`"${process.execPath}"`, `"${join(root, 'test/fixtures/drivers/v1-sdk-core.mjs')}"`].join(' ');

it('passes a driver that sends SignatureType= and RegionId, as the V1 SDK cores do', async () => {
  const result = await runCli([
    'check-client',
    '--driver',
    driver,
    '--scenarios',
    'every optional parameter$|answered 404 InvalidDiskId.NotFound$|InvalidRetentionDays|Terraform',
  ]);
  expect(result.stdout, result.stdout + result.stderr).toMatch(/^4 passed, 0 failed, 0 skipped$/m);
  expect(result.stdout).not.toContain('sent parameters the API does not have');
  expect(result.code).toBe(0);
}, 60_000);
