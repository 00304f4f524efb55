/** openapi/world.schema.json agrees with parseWorldDocument: what it accepts, what it refuses, its defaults. */
import { describe, expect, it } from 'vitest';
import { ajv, errorsOf, parsed, richWorld, schema, validate } from '../../test/support/world-document.js';
import { errorRows } from '../../test/support/world-document-error-rows.js';
import { worldToDocument } from './world-document.js';

describe('openapi/world.schema.json', () => {
  it('is a valid draft 2020-12 schema', () => {
    expect(ajv.validateSchema(schema)).toBe(true);
  });

  const validDocuments: { name: string; given: unknown }[] = [
    { name: 'an empty document', given: {} },
    { name: 'the minimal document', given: { disks: [{ diskId: 'd-1' }] } },
    {
      name: 'a document with every kind of resource',
      given: {
        now: '2026-11-29T06:00:00Z',
        accessKeys: [{ accessKeyId: 'ak', accessKeySecret: 'sk', active: false }],
        account: { balance: 'insufficient' },
        accounts: { 'acct-1': { snapshotService: 'disabled' } },
        instances: [{ instanceId: 'i-1', lockReason: 'security', systemDiskReplacedAt: null }],
        disks: [{ diskId: 'd-1', instanceId: 'i-gone', accountId: 'acct-1', releaseAt: '2026-12-01T00:00:00.000Z' }],
        snapshots: [{ snapshotId: 's-1', diskId: 'd-1', status: 'progressing', category: null, tags: [{ key: 'k' }] }],
        clientTokens: [{ clientToken: 't', fingerprint: '', state: 'processing' }],
      },
    },
    { name: 'worldToDocument of a rich world', given: worldToDocument(richWorld) },
    { name: 'worldToDocument of a minimal world', given: worldToDocument(parsed({ disks: [{ diskId: 'd-1' }] })) },
  ];

  it.each(validDocuments)('accepts $name, as parseWorldDocument does', ({ given }) => {
    const document = JSON.parse(JSON.stringify(given));
    expect(errorsOf(document)).toStrictEqual([]);
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(errorRows.filter((row) => row.schema))('refuses $name, as parseWorldDocument does', ({ given }) => {
    expect(validate(given)).toBe(false);
  });

  it.each(errorRows.filter((row) => !row.schema))('lets parseWorldDocument alone refuse $name', ({ given }) => {
    expect(validate(given)).toBe(true);
  });

  it('documents the defaults that parseWorldDocument applies', () => {
    const minimal = {
      accessKeys: [{ accessKeyId: 'ak', accessKeySecret: 'sk' }],
      account: {},
      instances: [{ instanceId: 'i-1' }],
      disks: [{ diskId: 'd-1' }],
      snapshots: [
        { snapshotId: 's-1', diskId: 'd-1' },
        { snapshotId: 's-2', diskId: 'd-1', tags: [{ key: 'k' }] },
      ],
      clientTokens: [{ clientToken: 't', fingerprint: 'f' }],
    };
    const document = worldToDocument(parsed(minimal));
    const elements: Record<string, unknown> = {
      accessKey: document.accessKeys?.[0],
      account: document.account,
      instance: document.instances?.[0],
      disk: document.disks?.[0],
      snapshot: document.snapshots?.[0],
      tag: document.snapshots?.[1]?.tags?.[0],
      clientToken: document.clientTokens?.[0],
    };
    for (const [name, definition] of Object.entries(schema.$defs)) {
      for (const [field, property] of Object.entries(definition.properties ?? {})) {
        if (!('default' in property)) continue;
        expect((elements[name] as Record<string, unknown>)[field], `${name}.${field}`).toStrictEqual(property.default);
      }
    }
    for (const [field, property] of Object.entries(schema.properties)) {
      if (!('default' in property)) continue;
      expect(parsed({ [field]: property.default }), field).toStrictEqual(parsed({}));
    }
  });
});
