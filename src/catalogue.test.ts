import { describe, expect, it } from 'vitest';
import { catalogueEntry, checksOf, findCatalogueEntry, messageMatches, renderMessage } from './catalogue.js';

describe('catalogue access', () => {
  it.each([
    { given: 'InternalError', want: 'The request processing has failed due to some unknown error.' },
    {
      given: 'InternalError-exception',
      want: 'The request processing has failed due to some unknown error, exception or failure.',
    },
    { given: 'QuotaExceed.Snapshot', want: 'The snapshot quota exceeds.' },
  ])('finds $given by code or id', ({ given, want }) => {
    expect(findCatalogueEntry(given)?.message).toBe(want);
  });

  it('finds nothing for an undocumented code', () => {
    expect(findCatalogueEntry('NoSuch.Code')).toBeUndefined();
  });

  it('fills the templates of MissingParameter and QuotaExceed.Tags', () => {
    expect(renderMessage(catalogueEntry('MissingParameter'), 'DiskId')).toBe(
      'The input parameter "DiskId" that is mandatory for processing this request is not supplied.',
    );
    expect(renderMessage(catalogueEntry('QuotaExceed.Tags'))).toBe('The maximum number of tags is 20.');
  });

  it.each([
    {
      id: 'MissingParameter' as const,
      message: 'The input parameter "DiskId" that is mandatory for processing this request is not supplied.',
      want: true,
    },
    {
      id: 'MissingParameter' as const,
      message: 'The input parameter "" that is mandatory for processing this request is not supplied.',
      want: false,
    },
    { id: 'QuotaExceed.Snapshot' as const, message: 'The snapshot quota exceeds.', want: true },
    { id: 'QuotaExceed.Snapshot' as const, message: 'The snapshot quota exceeds', want: false },
  ])('matches $message against $id: $want', ({ id, message, want }) => {
    expect(messageMatches(catalogueEntry(id), message)).toBe(want);
  });

  it('orders the precondition checks as the description says', () => {
    const checks = checksOf('preconditions').map((c) => c.check);
    expect(checks[0]).toBe('disk.notFound');
    expect(checks.at(-1)).toBe('disk.snapshotInProgress.oneAtATime');
    expect(
      checksOf('preconditions', 'older-zh-CN')
        .map((c) => c.check)
        .at(-1),
    ).toBe('disk.snapshotInProgress');
  });
});
