import type { SourceServer } from '@drs/drs-adapter';
import { LaunchOrder, ReadinessProblem } from '@drs/domain';
import type { PlanSnapshot } from '@drs/persistence';

import { resolvePlan } from './server-resolver';

function server(
  id: string,
  hostname: string,
  tags: Record<string, string>,
  state = 'CONTINUOUS',
): SourceServer {
  return {
    sourceServerID: id,
    tags,
    dataReplicationInfo: { dataReplicationState: state as never, lagDuration: 'PT0.5S' },
    sourceProperties: {
      identificationHints: { hostname },
      os: { fullString: 'Microsoft Windows Server 2022' },
    },
  };
}

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

function group(name: string, selector: Record<string, string[]> | null, ids: string[] | null = null) {
  return {
    id: `${name}-id`,
    name,
    accountId: ACCOUNT,
    region: REGION,
    sourceServerIds: ids,
    tagSelector: selector,
  };
}

function snapshot(waves: PlanSnapshot['waves']): PlanSnapshot {
  return { planId: 'plan', name: 'orders', version: 1, rpoSeconds: 300, waves };
}

const inventory = new Map([
  [
    `${ACCOUNT}/${REGION}`,
    [
      server('s-00000000000000db2', 'db-2', { Tier: 'database' }),
      server('s-00000000000000db1', 'db-1', { Tier: 'database' }),
      server('s-0000000000000app1', 'app-1', { Tier: 'app' }, 'STALLED'),
      server('s-00000000000000hr1', 'hr-1', { Tier: 'web', Application: 'hr' }),
    ],
  ],
]);

describe('resolvePlan', () => {
  it('resolves tag selectors in hostname order and explicit members in their order', () => {
    const resolved = resolvePlan(
      snapshot([
        {
          name: 'database',
          launchOrder: LaunchOrder.Sequential,
          dependsOn: [],
          groups: [group('db', { Tier: ['database'] })],
        },
        {
          name: 'app',
          launchOrder: LaunchOrder.Parallel,
          dependsOn: ['database'],
          groups: [group('app', null, ['s-0000000000000app1'])],
        },
      ]),
      inventory,
    );

    expect(resolved.waves[0].servers.map((item) => item.hostname)).toEqual(['db-1', 'db-2']);
    expect(resolved.waves[1].servers.map((item) => item.sourceServerId)).toEqual(['s-0000000000000app1']);
    expect(resolved.waves[0].servers[0].osFamily).toBe('WINDOWS');
  });

  it('warns about a stalled server and a member DRS does not know', () => {
    const resolved = resolvePlan(
      snapshot([
        {
          name: 'app',
          launchOrder: LaunchOrder.Parallel,
          dependsOn: [],
          groups: [group('app', null, ['s-0000000000000app1', 's-000000000000gone1'])],
        },
      ]),
      inventory,
    );

    expect(resolved.waves[0].servers).toHaveLength(1);
    const problems = resolved.warnings
      .map((warning) => `${warning.sourceServerId} ${warning.problem}`)
      .sort();
    expect(problems).toEqual([
      `s-0000000000000app1 ${ReadinessProblem.ReplicationNotContinuous}`,
      `s-000000000000gone1 ${ReadinessProblem.ServerNotFound}`,
    ]);
  });

  it('launches a server claimed by two groups only once', () => {
    const resolved = resolvePlan(
      snapshot([
        {
          name: 'one',
          launchOrder: LaunchOrder.Parallel,
          dependsOn: [],
          groups: [group('a', { Tier: ['web'] })],
        },
        {
          name: 'two',
          launchOrder: LaunchOrder.Parallel,
          dependsOn: [],
          groups: [group('b', { Application: ['hr'] })],
        },
      ]),
      inventory,
    );

    expect(resolved.waves[0].servers).toHaveLength(1);
    expect(resolved.waves[1].servers).toHaveLength(0);
    expect(resolved.warnings[0].message).toContain('already launched with group "a"');
  });
});
