import type { ProtectionGroup, SourceServer } from '../api/resources';
import {
  describeTagSelector,
  matchingServersText,
  memberCountOf,
  mergeSelection,
  moveMember,
  otherGroupOf,
  previewTagSelector,
} from './membership';

function server(sourceServerId: string, tags: Record<string, string>, groupId: string | null): SourceServer {
  return {
    sourceServerId,
    accountId: '123456789012',
    region: 'us-east-1',
    hostname: `host-${sourceServerId}`,
    osFamily: 'WINDOWS',
    os: null,
    replicationState: 'CONTINUOUS',
    lagDuration: null,
    lagSeconds: null,
    lastSeenAt: null,
    tags,
    protectionGroup: groupId ? { id: groupId, name: `group-${groupId}` } : null,
  };
}

const db1 = server('db1', { Tier: 'Database' }, null);
const db2 = server('db2', { Tier: 'Database' }, 'other');
const db3 = server('db3', { Tier: 'Database' }, 'mine');
const web = server('web', { Tier: 'Web' }, 'mine');

describe('otherGroupOf', () => {
  it('returns the holding group unless it is the one being edited', () => {
    expect(otherGroupOf(db1, 'mine')).toBeNull();
    expect(otherGroupOf(db2, 'mine')).toEqual({ id: 'other', name: 'group-other' });
    expect(otherGroupOf(db3, 'mine')).toBeNull();
  });

  it('treats every group as another one for a new group', () => {
    expect(otherGroupOf(db3, null)).toEqual({ id: 'mine', name: 'group-mine' });
  });
});

describe('previewTagSelector', () => {
  it('lists matching servers with those of other groups first', () => {
    const rows = previewTagSelector([db3, db1, db2, web], { Tier: ['Database'] }, 'mine');
    expect(rows.map((row) => row.server.sourceServerId)).toEqual(['db2', 'db1', 'db3']);
    expect(rows.map((row) => row.otherGroup?.id ?? null)).toEqual(['other', null, null]);
  });

  it('matches nothing for an empty selector', () => {
    expect(previewTagSelector([db1, web], {}, null)).toEqual([]);
  });

  it('compares tag values with case, as DRS does', () => {
    expect(previewTagSelector([db1], { Tier: ['database'] }, null)).toEqual([]);
  });
});

describe('mergeSelection', () => {
  const listed = new Set(['a', 'b', 'c', 'd']);

  it('appends newly selected servers in table order', () => {
    expect(mergeSelection(['c'], ['a', 'c', 'd'], listed)).toEqual(['c', 'a', 'd']);
  });

  it('keeps the boot order of servers that stay selected', () => {
    expect(mergeSelection(['d', 'a', 'b'], ['a', 'b', 'd'], listed)).toEqual(['d', 'a', 'b']);
  });

  it('drops deselected servers', () => {
    expect(mergeSelection(['d', 'a', 'b'], ['b'], listed)).toEqual(['b']);
  });

  it('keeps members the picker does not list', () => {
    expect(mergeSelection(['gone', 'a'], ['a', 'b'], listed)).toEqual(['gone', 'a', 'b']);
  });
});

describe('moveMember', () => {
  it('moves a member up and down', () => {
    expect(moveMember(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveMember(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
  });

  it('changes nothing past either end', () => {
    expect(moveMember(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(moveMember(['a', 'b'], 1, 1)).toEqual(['a', 'b']);
  });
});

describe('memberCountOf', () => {
  const base: ProtectionGroup = {
    id: 'mine',
    name: 'mine',
    description: '',
    accountId: '123456789012',
    region: 'us-east-1',
    memberKind: 'EXPLICIT',
    sourceServerIds: ['a', 'b', 'c'],
    tagSelector: null,
    usedByPlans: [],
    createdAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
  };

  it('counts an explicit list without the inventory', () => {
    expect(memberCountOf(base, null)).toBe(3);
  });

  it('counts the servers the gateway assigns to a tag selector group', () => {
    const selectorGroup = {
      ...base,
      memberKind: 'TAG_SELECTOR',
      sourceServerIds: null,
      tagSelector: { Tier: ['Web'] },
    };
    expect(memberCountOf(selectorGroup, [db1, db2, db3, web])).toBe(2);
    expect(memberCountOf(selectorGroup, null)).toBeNull();
  });
});

describe('describeTagSelector', () => {
  it('joins keys and values in words', () => {
    expect(describeTagSelector({ Tier: ['Database', 'App'], Application: ['orders'] })).toBe(
      'Tier = Database or App; Application = orders',
    );
  });
});

describe('matchingServersText', () => {
  it('counts in singular and plural', () => {
    expect(matchingServersText(0)).toBe('0 matching servers');
    expect(matchingServersText(1)).toBe('1 matching server');
    expect(matchingServersText(6)).toBe('6 matching servers');
  });
});
