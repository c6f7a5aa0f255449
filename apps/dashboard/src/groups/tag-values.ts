import type { SourceServer } from '../api/resources';

/** How many values the hint lists before it gives only a count of the rest. */
export const MAX_HINTED_VALUES = 8;

/**
 * Lists the distinct values that the servers have for the tag `key`, sorted. The key is matched
 * exactly, as the tag selector matches it, so "tier" finds nothing on servers tagged "Tier".
 */
export function tagValuesInInventory(servers: readonly Pick<SourceServer, 'tags'>[], key: string): string[] {
  const trimmed = key.trim();
  if (trimmed === '') {
    return [];
  }
  const values = new Set<string>();
  for (const server of servers) {
    const value = server.tags[trimmed];
    if (value !== undefined) {
      values.add(value);
    }
  }

  return [...values].sort((a, b) => a.localeCompare(b));
}

/** Builds the hint under a tag values field, such as "Values in the inventory: App, Database, Web". */
export function tagValuesHint(values: readonly string[]): string | undefined {
  if (values.length === 0) {
    return undefined;
  }
  const shown = values.slice(0, MAX_HINTED_VALUES).join(', ');
  const rest = values.length - MAX_HINTED_VALUES;

  return rest > 0
    ? `Values in the inventory: ${shown} and ${rest} more.`
    : `Values in the inventory: ${shown}.`;
}
