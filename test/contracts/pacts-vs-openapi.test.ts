/** Every interaction of every pact in contracts/ agrees with the OpenAPI description; a doctored one is caught. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPact } from '../../src/contracts/check-pact.js';

const CONTRACTS = join(process.cwd(), 'contracts');
const pacts = readdirSync(CONTRACTS).filter((f) => f.endsWith('.json'));
const olderPacts = readdirSync(join(CONTRACTS, 'older-zh-CN'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => `older-zh-CN/${f}`);
interface Interaction {
  description: string;
  request: { query: Record<string, string[]> };
  response: { status: number; body: { content: Record<string, unknown> } };
}
const load = (file: string) =>
  JSON.parse(readFileSync(join(CONTRACTS, file), 'utf8')) as { interactions: Interaction[] };

describe('pacts against the OpenAPI description', () => {
  it.each(pacts)('%s agrees with the description', (file) => {
    expect(checkPact(load(file), file)).toEqual([]);
  });
  it.each(olderPacts)('%s agrees with the description, in the older edition', (file) => {
    expect(checkPact(load(file), file, 'older-zh-CN')).toEqual([]);
  });

  const file = pacts[0] as string;
  const doctor = (
    change: (i: Interaction) => void,
    description = 'a CreateSnapshot request with every optional parameter',
  ) => {
    const pact = load(file);
    const interaction = pact.interactions.find((i) => i.description === description);
    if (interaction === undefined) throw new Error(`no interaction "${description}" in ${file}`);
    change(interaction);
    return checkPact(pact, file);
  };

  it.each([
    [
      'an undocumented parameter',
      (i: Interaction) => {
        i.request.query.Foo = ['bar'];
      },
      'unknown parameter Foo',
    ],
    [
      'an invalid value in a success',
      (i: Interaction) => {
        i.request.query.RetentionDays = ['0'];
      },
      'RetentionDays',
    ],
    [
      'an unlisted status',
      (i: Interaction) => {
        i.response.status = 418;
      },
      'response status 418: not listed',
    ],
    [
      'a success body without SnapshotId',
      (i: Interaction) => {
        delete i.response.body.content.SnapshotId;
      },
      "must have required property 'SnapshotId'",
    ],
  ])('names the pact, the interaction and the rule for %s', (_what, change, rule) => {
    const problems = doctor(change);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toContain(
      `${file}, interaction "a CreateSnapshot request with every optional parameter": `,
    );
    expect(problems.join('\n')).toContain(rule);
  });

  it('catches an error answered with the wrong status, message or code', () => {
    const desc = 'a CreateSnapshot request answered 403 QuotaExceed.Snapshot';
    expect(
      doctor((i) => {
        i.response.status = 400;
      }, desc).join('\n'),
    ).toContain('QuotaExceed.Snapshot is documented with status 403, not 400');
    expect(
      doctor((i) => {
        i.response.body.content.Message = 'Quota!';
      }, desc).join('\n'),
    ).toContain('is not the documented message');
    expect(
      doctor((i) => {
        i.response.body.content.Code = 'Quota.Oops';
      }, desc).join('\n'),
    ).toContain('is not a documented error');
  });

  it('catches a malformed parameter answered with another error than its own', () => {
    const desc = 'a CreateSnapshot request answered 400 InvalidSnapshotName.Malformed';
    expect(doctor(() => {}, desc)).toEqual([]);
    const problems = doctor((i) => {
      i.response.body.content.Code = 'InvalidDiskId.NotFound';
      i.response.body.content.Message = 'The specified DiskId does not exist.';
      i.response.status = 404;
    }, desc);
    expect(problems.join('\n')).toContain(
      'so the answer must be InvalidSnapshotName.Malformed, not InvalidDiskId.NotFound',
    );
  });
});
