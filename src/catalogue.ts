/**
 * Typed access to the generated error catalogue. Every documented code, status and message is read
 * from here; nothing else in the project types them again.
 */
import { assumptions, errorCatalogue, parameterRules } from './generated/error-catalogue.js';

export { assumptions, errorCatalogue, parameterRules };

export type CatalogueEntry = (typeof errorCatalogue)[number];
/** Names one row of the catalogue. Usually the code; the second InternalError row is `InternalError-exception`. */
export type ErrorId = CatalogueEntry['id'];
export type ErrorCode = CatalogueEntry['code'];
export type CheckId = CatalogueEntry['when'][number]['check'];

const byId = new Map<string, CatalogueEntry>(errorCatalogue.map((e) => [e.id, e]));

export function catalogueEntry(id: ErrorId): CatalogueEntry {
  // The type makes a miss impossible for literal ids; the map is total over them.
  return byId.get(id) as CatalogueEntry;
}

/** The row for a wire code or an id (the first row when a code has two, as InternalError does), if documented. */
export function findCatalogueEntry(codeOrId: string): CatalogueEntry | undefined {
  return byId.get(codeOrId) ?? errorCatalogue.find((e) => e.code === codeOrId);
}

/**
 * The message as it goes on the wire: `<name>` and `%s` templates filled in.
 * @note QuotaExceed.Tags is documented only as '%s'; x-assumptions.quotaExceedTagsMessage fills it.
 */
export function renderMessage(entry: CatalogueEntry, parameterName?: string): string {
  return entry.message.replace('<name>', parameterName ?? '').replace('%s', assumptions.quotaExceedTagsMessage);
}

/** Does a message received on the wire match the catalogue's (template) message? */
export function messageMatches(entry: CatalogueEntry, message: string): boolean {
  if ('appendsDetail' in entry && message.startsWith(`${entry.message} `)) return true;
  if (!/<name>|%s/.test(entry.message)) return message === entry.message;
  const pattern = entry.message
    .split(/(<name>|%s)/)
    .map((part) => (part === '<name>' || part === '%s' ? '.+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`, 's').test(message);
}

/** The checks of one stage, in the order the description gives them. */
export function checksOf(
  stage: CatalogueEntry['when'][number]['stage'],
): Array<{ check: CheckId; entry: CatalogueEntry; order: number }> {
  return errorCatalogue
    .flatMap((entry) =>
      entry.when.filter((t) => t.stage === stage).map((t) => ({ check: t.check as CheckId, entry, order: t.order })),
    )
    .sort((a, b) => a.order - b.order);
}
