import { matchesTagSelector, TagSelector } from '@drs/domain';

import type { NamedRef, ProtectionGroup, SourceServer } from '../api/resources';
import { sortItems } from '../common/sort-and-page';

/**
 * Returns the group other than `editingGroupId` that the server belongs to, or null. A server may
 * belong to one group only, so such a server cannot join the edited group.
 */
export function otherGroupOf(server: SourceServer, editingGroupId: string | null): NamedRef | null {
  const group = server.protectionGroup;

  return group && group.id !== editingGroupId ? group : null;
}

export interface PreviewRow {
  server: SourceServer;
  /** Other group that the server already belongs to; the gateway rejects the save while one exists. */
  otherGroup: NamedRef | null;
}

/**
 * Returns the servers that `selector` matches, each with the other group it belongs to, if any.
 * Servers of other groups come first because they block the save. Each part is sorted by hostname.
 */
export function previewTagSelector(
  servers: readonly SourceServer[],
  selector: TagSelector,
  editingGroupId: string | null,
): PreviewRow[] {
  const rows = servers
    .filter((server) => matchesTagSelector(server.tags, selector))
    .map((server) => ({ server, otherGroup: otherGroupOf(server, editingGroupId) }));

  return sortItems(
    rows,
    (row) => `${row.otherGroup ? 0 : 1} ${row.server.hostname ?? row.server.sourceServerId}`,
    false,
  );
}

/**
 * Returns the new boot order after a selection change in the server picker. Servers that stay selected keep
 * their place, newly selected ones join at the end in table order, and members that the picker
 * does not list (such as a server DRS no longer reports) are kept.
 */
export function mergeSelection(
  currentIds: readonly string[],
  selectedIds: readonly string[],
  listedIds: ReadonlySet<string>,
): string[] {
  const selected = new Set(selectedIds);
  const kept = currentIds.filter((id) => selected.has(id) || !listedIds.has(id));
  const keptSet = new Set(kept);

  return [...kept, ...selectedIds.filter((id) => !keptSet.has(id))];
}

/** Moves the member at `index` by `offset` places; a move past either end changes nothing. */
export function moveMember(ids: readonly string[], index: number, offset: number): string[] {
  const target = index + offset;
  if (index < 0 || index >= ids.length || target < 0 || target >= ids.length) {
    return [...ids];
  }
  const moved = [...ids];
  [moved[index], moved[target]] = [moved[target], moved[index]];

  return moved;
}

/**
 * Number of servers in a group: the explicit list's length, or the servers of the inventory that
 * the gateway assigns to the group. Returns null for a tag selector while the inventory is unknown.
 */
export function memberCountOf(
  group: ProtectionGroup,
  servers: readonly SourceServer[] | null,
): number | null {
  if (group.sourceServerIds) {
    return group.sourceServerIds.length;
  }
  if (servers === null) {
    return null;
  }

  return servers.filter((server) => server.protectionGroup?.id === group.id).length;
}

/** Describes a tag selector in words, such as "Tier = Database or App; Application = orders". */
export function describeTagSelector(selector: TagSelector): string {
  return Object.entries(selector)
    .map(([key, values]) => `${key} = ${values.join(' or ')}`)
    .join('; ');
}

/** Formats the preview's count, such as "1 matching server" or "6 matching servers". */
export function matchingServersText(count: number): string {
  return `${count} matching ${count === 1 ? 'server' : 'servers'}`;
}
