import { ReadinessProblem } from '@drs/domain';

import type { RecoveryPlan, SourceServer } from '../api/resources';
import { DEFAULT_RPO_SECONDS, findReadinessProblems, problemLabels, rpoByGroup } from './readiness-problems';

function server(sourceServerId: string, extra: Partial<SourceServer> = {}): SourceServer {
  return {
    sourceServerId,
    accountId: '123456789012',
    region: 'us-east-1',
    hostname: `host-${sourceServerId}`,
    osFamily: 'LINUX',
    os: null,
    replicationState: 'CONTINUOUS',
    lagDuration: 'PT1S',
    lagSeconds: 1,
    lastSeenAt: null,
    tags: {},
    protectionGroup: { id: 'g-db', name: 'db' },
    ...extra,
  };
}

function plan(id: string, rpoSeconds: number | null, groupIds: string[]): RecoveryPlan {
  return {
    id,
    name: id,
    description: '',
    rpoSeconds,
    version: 1,
    waves: [
      {
        name: 'w',
        position: 0,
        launchOrder: 'parallel' as RecoveryPlan['waves'][number]['launchOrder'],
        dependsOn: [],
        failurePolicy: 'halt' as RecoveryPlan['waves'][number]['failurePolicy'],
        minSuccessPercent: 100,
        optionalServerIds: [],
        deadlineSeconds: null,
        protectionGroups: groupIds.map((groupId) => ({ id: groupId, name: groupId })),
      },
    ],
    lastExecution: null,
    createdAt: '2026-12-04T10:00:00Z',
    updatedAt: '2026-12-04T10:00:00Z',
  };
}

describe('rpoByGroup', () => {
  it('takes the strictest plan per group', () => {
    const rpo = rpoByGroup([plan('a', 600, ['g-db', 'g-web']), plan('b', 120, ['g-db'])]);

    expect(rpo.get('g-db')).toBe(120);
    expect(rpo.get('g-web')).toBe(600);
  });

  it('uses the default for a plan without RPO', () => {
    expect(rpoByGroup([plan('a', null, ['g-db'])]).get('g-db')).toBe(DEFAULT_RPO_SECONDS);
  });
});

describe('findReadinessProblems', () => {
  it('skips healthy grouped servers', () => {
    expect(findReadinessProblems([server('s-ok')], []).problems).toHaveLength(0);
  });

  it('counts replication that is not continuous', () => {
    const summary = findReadinessProblems(
      [
        server('s-stall', { replicationState: 'STALLED' }),
        server('s-off', { replicationState: 'DISCONNECTED' }),
      ],
      [],
    );

    expect(summary.notReplicating).toBe(2);
    expect(summary.problems[1].warnings[0].problem).toBe(ReadinessProblem.Disconnected);
  });

  it('checks lag against the default RPO', () => {
    const summary = findReadinessProblems([server('s-lag', { lagDuration: 'PT5M1S' })], []);

    expect(summary.lagAboveRpo).toBe(1);
    expect(summary.problems[0].rpoSeconds).toBe(300);
  });

  it("checks lag against the group's plan RPO", () => {
    const lagging = server('s-lag', { lagDuration: 'PT10M' });

    expect(findReadinessProblems([lagging], [plan('a', 900, ['g-db'])]).lagAboveRpo).toBe(0);
    expect(findReadinessProblems([lagging], [plan('a', 60, ['g-db'])]).lagAboveRpo).toBe(1);
  });

  it('flags servers in no group', () => {
    const summary = findReadinessProblems([server('s-free', { protectionGroup: null })], []);

    expect(summary.inNoGroup).toBe(1);
    expect(summary.problems[0].inNoGroup).toBe(true);
    expect(summary.problems[0].warnings).toHaveLength(0);
  });
});

describe('problemLabels', () => {
  it('labels each problem briefly', () => {
    const summary = findReadinessProblems(
      [
        server('s-bad', {
          replicationState: 'STALLED',
          lagDuration: 'PT12M30S',
          lagSeconds: 750,
          protectionGroup: null,
        }),
      ],
      [],
    );

    expect(problemLabels(summary.problems[0])).toEqual([
      'Replication STALLED',
      'Lag 750 s above the RPO of 300 s',
      'In no protection group',
    ]);
  });

  it('labels a disconnected agent', () => {
    const summary = findReadinessProblems([server('s-off', { replicationState: 'DISCONNECTED' })], []);

    expect(problemLabels(summary.problems[0])).toEqual(['Replication agent disconnected']);
  });
});
