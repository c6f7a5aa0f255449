import type { NamedRef, SourceServer } from '../api/resources';
import { hasReplicationProblem } from './replication';
import { inTarget } from './targets';

export type StateFilter = { kind: 'any' } | { kind: 'problems' } | { kind: 'state'; state: string };

export type GroupFilter = { kind: 'any' } | { kind: 'none' } | { kind: 'group'; id: string };

/** The filters of the source server inventory; empty text and `any` match every server. */
export interface ServerFilter {
  /** Target key such as "123456789012/us-east-1", or null for every target. */
  target: string | null;
  /** Part of the hostname or of the source server id. */
  hostname: string;
  /** "key=value", or "key" alone for every server with that tag key. */
  tag: string;
  state: StateFilter;
  group: GroupFilter;
}

export const NO_FILTER: ServerFilter = {
  target: null,
  hostname: '',
  tag: '',
  state: { kind: 'any' },
  group: { kind: 'any' },
};

export interface TagFilter {
  key: string;
  /** Null matches any value of the key. */
  value: string | null;
}

/** Parses "Tier=Database" or "Tier"; returns null for empty text. */
export function parseTagFilter(text: string): TagFilter | null {
  const trimmed = text.trim();
  if (trimmed === '') {
    return null;
  }
  const separator = trimmed.indexOf('=');
  if (separator < 0) {
    return { key: trimmed, value: null };
  }

  return { key: trimmed.slice(0, separator).trim(), value: trimmed.slice(separator + 1).trim() };
}

/**
 * True when `tags` has the filter's key with its value. Key and value compare without case,
 * because a person typing a filter rarely remembers how a tag was capitalised.
 */
export function matchesTagFilter(tags: Record<string, string>, filter: TagFilter): boolean {
  const key = filter.key.toLowerCase();
  const value = filter.value?.toLowerCase() ?? null;

  return Object.entries(tags).some(
    ([tagKey, tagValue]) =>
      tagKey.toLowerCase() === key && (value === null || tagValue.toLowerCase() === value),
  );
}

function matchesState(server: SourceServer, filter: StateFilter): boolean {
  switch (filter.kind) {
    case 'any':
      return true;
    case 'problems':
      return hasReplicationProblem(server);
    case 'state':
      return server.replicationState === filter.state;
  }
}

function matchesGroup(server: SourceServer, filter: GroupFilter): boolean {
  switch (filter.kind) {
    case 'any':
      return true;
    case 'none':
      return server.protectionGroup === null;
    case 'group':
      return server.protectionGroup?.id === filter.id;
  }
}

/** True when `text` is part of the server's hostname or id, without case. */
export function matchesHostname(server: SourceServer, text: string): boolean {
  const needle = text.trim().toLowerCase();

  return (
    needle === '' ||
    (server.hostname ?? '').toLowerCase().includes(needle) ||
    server.sourceServerId.toLowerCase().includes(needle)
  );
}

/** Returns the servers that pass every filter. */
export function filterServers(servers: readonly SourceServer[], filter: ServerFilter): SourceServer[] {
  const tag = parseTagFilter(filter.tag);

  return servers.filter(
    (server) =>
      (filter.target === null || inTarget(server, filter.target)) &&
      matchesHostname(server, filter.hostname) &&
      (tag === null || matchesTagFilter(server.tags, tag)) &&
      matchesState(server, filter.state) &&
      matchesGroup(server, filter.group),
  );
}

/** True when some filter would leave servers out. */
export function isFiltering(filter: ServerFilter): boolean {
  return (
    filter.target !== null ||
    filter.hostname.trim() !== '' ||
    filter.tag.trim() !== '' ||
    filter.state.kind !== 'any' ||
    filter.group.kind !== 'any'
  );
}

/** Returns the distinct replication states of `servers`, sorted, for the state filter's options. */
export function replicationStatesOf(servers: readonly SourceServer[]): string[] {
  const states = new Set<string>();
  for (const server of servers) {
    if (server.replicationState) {
      states.add(server.replicationState);
    }
  }

  return [...states].sort();
}

/** Returns the distinct protection groups of `servers`, by name, for the group filter's options. */
export function groupsOf(servers: readonly SourceServer[]): NamedRef[] {
  const groups = new Map<string, NamedRef>();
  for (const server of servers) {
    if (server.protectionGroup) {
      groups.set(server.protectionGroup.id, server.protectionGroup);
    }
  }

  return [...groups.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** True when `text` is part of the hostname, the id or a "key=value" tag, without case. */
export function matchesServerText(server: SourceServer, text: string): boolean {
  const needle = text.trim().toLowerCase();

  return (
    matchesHostname(server, needle) ||
    Object.entries(server.tags).some(([key, value]) => `${key}=${value}`.toLowerCase().includes(needle))
  );
}
