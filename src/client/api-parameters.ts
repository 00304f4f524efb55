/**
 * The input as CreateSnapshot API parameters. Names are checked against the generated query type, so a
 * misspelt parameter cannot compile. Values are passed through unchecked: the service owns the rules,
 * and a bad value must come back as its documented error (MissingParameter, InvalidSnapshotName.Malformed...).
 */
import type { operations } from '../generated/ecs-createsnapshot.js';
import type { CreateSnapshotInput } from './types.js';

type QueryName = Extract<keyof operations['CreateSnapshot']['parameters']['query'], string>;
// The generated query lists Tag.1 to Tag.20; more tags are still sent, for the service to refuse.
type TagName = `Tag.${number}.${'Key' | 'Value'}`;
export type ApiParameters = { [name in QueryName | TagName]?: string };

export function toApiParameters(input: CreateSnapshotInput & { clientToken: string }): Record<string, string> {
  const params: ApiParameters = { DiskId: input.diskId };
  if (input.snapshotName !== undefined) params.SnapshotName = input.snapshotName;
  if (input.description !== undefined) params.Description = input.description;
  if (input.retentionDays !== undefined) params.RetentionDays = String(input.retentionDays);
  if (input.category !== undefined) params.Category = input.category;
  params.ClientToken = input.clientToken;
  (input.tags ?? []).forEach((tag, i) => {
    params[`Tag.${i + 1}.Key`] = tag.key;
    if (tag.value !== undefined) params[`Tag.${i + 1}.Value`] = tag.value;
  });
  if (input.resourceGroupId !== undefined) params.ResourceGroupId = input.resourceGroupId;
  if (input.instantAccess !== undefined && input.instantAccess !== null)
    params.InstantAccess = String(input.instantAccess);
  if (input.instantAccessRetentionDays !== undefined)
    params.InstantAccessRetentionDays = String(input.instantAccessRetentionDays);
  if (input.storageLocationArn !== undefined) params.StorageLocationArn = input.storageLocationArn;
  // Callers without types may pass undefined or null (a missing DiskId, say): such a parameter is left
  // out, and the service answers with its documented error rather than the client throwing.
  return Object.fromEntries(
    Object.entries(params).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
