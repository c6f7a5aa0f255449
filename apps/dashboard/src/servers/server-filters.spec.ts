import type { SourceServer } from '../api/resources';
import {
  filterServers,
  groupsOf,
  isFiltering,
  matchesServerText,
  matchesTagFilter,
  NO_FILTER,
  parseTagFilter,
  replicationStatesOf,
} from './server-filters';

function server(overrides: Partial<SourceServer>): SourceServer {
  return {
    sourceServerId: 's-0000000000000000a',
    accountId: '123456789012',
    region: 'us-east-1',
    hostname: 'host',
    osFamily: 'LINUX',
    os: null,
    replicationState: 'CONTINUOUS',
    lagDuration: 'PT1S',
    lagSeconds: 1,
    lastSeenAt: null,
    tags: {},
    protectionGroup: null,
    ...overrides,
  };
}

const db = server({
  sourceServerId: 's-00000000000000db1',
  hostname: 'orders-db-01',
  tags: { Tier: 'Database', Application: 'orders' },
  protectionGroup: { id: 'g1', name: 'orders-db' },
});
const web = server({
  sourceServerId: 's-0000000000000web1',
  hostname: 'orders-web-01',
  tags: { Tier: 'Web' },
  replicationState: 'STALLED',
});
const lagging = server({
  sourceServerId: 's-0000000000000app1',
  hostname: 'orders-app-01',
  region: 'us-west-2',
  tags: { Tier: 'App' },
  lagSeconds: 750,
});
const all = [db, web, lagging];

function hostnames(servers: SourceServer[]): Array<string | null> {
  return servers.map((item) => item.hostname);
}

describe('parseTagFilter', () => {
  it('reads key and value', () => {
    expect(parseTagFilter(' Tier = Database ')).toEqual({ key: 'Tier', value: 'Database' });
  });

  it('reads a key alone', () => {
    expect(parseTagFilter('Tier')).toEqual({ key: 'Tier', value: null });
  });

  it('reads an empty value', () => {
    expect(parseTagFilter('Tier=')).toEqual({ key: 'Tier', value: '' });
  });

  it('returns null for empty text', () => {
    expect(parseTagFilter('  ')).toBeNull();
  });
});

describe('matchesTagFilter', () => {
  it('compares key and value without case', () => {
    expect(matchesTagFilter({ Tier: 'Database' }, { key: 'tier', value: 'database' })).toBe(true);
  });

  it('rejects another value', () => {
    expect(matchesTagFilter({ Tier: 'Database' }, { key: 'Tier', value: 'Web' })).toBe(false);
  });

  it('matches any value of a key alone', () => {
    expect(matchesTagFilter({ Tier: 'Web' }, { key: 'Tier', value: null })).toBe(true);
    expect(matchesTagFilter({ Owner: 'Web' }, { key: 'Tier', value: null })).toBe(false);
  });
});

describe('filterServers', () => {
  it('keeps every server without filters', () => {
    expect(filterServers(all, NO_FILTER)).toHaveLength(3);
  });

  it('filters by part of the hostname or id', () => {
    expect(hostnames(filterServers(all, { ...NO_FILTER, hostname: 'WEB' }))).toEqual(['orders-web-01']);
    expect(hostnames(filterServers(all, { ...NO_FILTER, hostname: 'app1' }))).toEqual(['orders-app-01']);
  });

  it('filters by tag', () => {
    expect(hostnames(filterServers(all, { ...NO_FILTER, tag: 'Tier=Database' }))).toEqual(['orders-db-01']);
    expect(hostnames(filterServers(all, { ...NO_FILTER, tag: 'Application' }))).toEqual(['orders-db-01']);
  });

  it('filters by target', () => {
    expect(hostnames(filterServers(all, { ...NO_FILTER, target: '123456789012/us-west-2' }))).toEqual([
      'orders-app-01',
    ]);
  });

  it('filters by state and by problems', () => {
    const stalled = filterServers(all, { ...NO_FILTER, state: { kind: 'state', state: 'STALLED' } });
    expect(hostnames(stalled)).toEqual(['orders-web-01']);
    const problems = filterServers(all, { ...NO_FILTER, state: { kind: 'problems' } });
    expect(hostnames(problems)).toEqual(['orders-web-01', 'orders-app-01']);
  });

  it('filters by group and by no group', () => {
    const inGroup = filterServers(all, { ...NO_FILTER, group: { kind: 'group', id: 'g1' } });
    expect(hostnames(inGroup)).toEqual(['orders-db-01']);
    const ungrouped = filterServers(all, { ...NO_FILTER, group: { kind: 'none' } });
    expect(hostnames(ungrouped)).toEqual(['orders-web-01', 'orders-app-01']);
  });

  it('combines filters', () => {
    const filter = { ...NO_FILTER, tag: 'Tier=Web', group: { kind: 'group' as const, id: 'g1' } };
    expect(filterServers(all, filter)).toEqual([]);
  });
});

describe('isFiltering', () => {
  it('is false without filters and true with any', () => {
    expect(isFiltering(NO_FILTER)).toBe(false);
    expect(isFiltering({ ...NO_FILTER, hostname: ' ' })).toBe(false);
    expect(isFiltering({ ...NO_FILTER, tag: 'Tier' })).toBe(true);
    expect(isFiltering({ ...NO_FILTER, group: { kind: 'none' } })).toBe(true);
  });
});

describe('filter options', () => {
  it('lists distinct states', () => {
    expect(replicationStatesOf([...all, server({ replicationState: null })])).toEqual([
      'CONTINUOUS',
      'STALLED',
    ]);
  });

  it('lists distinct groups by name', () => {
    const other = server({ protectionGroup: { id: 'g0', name: 'archive' } });
    expect(groupsOf([...all, other, db])).toEqual([
      { id: 'g0', name: 'archive' },
      { id: 'g1', name: 'orders-db' },
    ]);
  });
});

describe('matchesServerText', () => {
  it('matches hostname, id and tags without case', () => {
    expect(matchesServerText(db, 'DB-01')).toBe(true);
    expect(matchesServerText(db, 'db1')).toBe(true);
    expect(matchesServerText(db, 'tier=data')).toBe(true);
    expect(matchesServerText(db, 'orders')).toBe(true);
  });

  it('rejects text found nowhere', () => {
    expect(matchesServerText(db, 'Tier=Web')).toBe(false);
  });
});
