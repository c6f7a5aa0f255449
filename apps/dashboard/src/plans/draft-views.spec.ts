import type { SourceServer } from '../api/resources';
import { cycleWaveKeys, draftToGraphWaves, predictDraftDuration, toPredictionServers } from './draft-views';
import { createWave, PlanDraft, updateWave, WaveDraft } from './plan-draft';

function draft(): PlanDraft {
  const waves: WaveDraft[] = [];
  for (const [index, name] of ['Database', '', 'Web'].entries()) {
    waves.push({ ...createWave(waves), name, protectionGroupIds: [`group-${index}`] });
  }

  return { name: 'orders', description: '', rpoSeconds: '', waves };
}

function sourceServer(id: string, osFamily: string, groupId: string | null): SourceServer {
  return {
    sourceServerId: id,
    accountId: '123456789012',
    region: 'us-east-1',
    hostname: null,
    osFamily,
    os: null,
    replicationState: 'CONTINUOUS',
    lagDuration: null,
    lagSeconds: null,
    lastSeenAt: null,
    tags: {},
    protectionGroup: groupId ? { id: groupId, name: groupId } : null,
  };
}

describe('draftToGraphWaves', () => {
  it('labels an unnamed wave by its place', () => {
    const waves = draftToGraphWaves(draft());

    expect(waves.map((wave) => wave.label)).toEqual(['Database', 'Wave 2', 'Web']);
    expect(waves[1].dependsOn).toEqual([waves[0].id]);
  });
});

describe('cycleWaveKeys', () => {
  it('is empty without a cycle', () => {
    expect(cycleWaveKeys(draft()).size).toBe(0);
  });

  it('contains the waves of a cycle', () => {
    const plan = draft();
    plan.waves = updateWave(plan.waves, 1, { dependsOnKeys: [plan.waves[2].key] });

    expect(cycleWaveKeys(plan)).toEqual(new Set([plan.waves[1].key, plan.waves[2].key]));
  });
});

describe('toPredictionServers', () => {
  it('keeps the group id of each server', () => {
    const servers = toPredictionServers([
      sourceServer('s-1', 'LINUX', 'group-0'),
      sourceServer('s-2', 'WINDOWS', null),
    ]);

    expect(servers.map((server) => server.protectionGroupId)).toEqual(['group-0', null]);
  });
});

describe('predictDraftDuration', () => {
  const servers = toPredictionServers([
    sourceServer('s-1', 'WINDOWS', 'group-0'),
    sourceServer('s-2', 'LINUX', 'group-1'),
    sourceServer('s-3', 'LINUX', 'group-2'),
  ]);

  it('labels waves with display names', () => {
    const prediction = predictDraftDuration(draft(), servers);

    if (prediction.kind !== 'estimate') throw new Error(`expected an estimate, got ${prediction.kind}`);
    expect(prediction.waves.map((wave) => wave.name)).toEqual(['Database', 'Wave 2', 'Web']);
    expect(prediction.criticalPath).toEqual(['Database', 'Wave 2', 'Web']);
    expect(prediction.totalSeconds).toBe(1200 + 300 + 300);
  });

  it('keeps waves with the same name apart', () => {
    const plan = draft();
    plan.waves = updateWave(plan.waves, 2, { name: 'Database' });

    const prediction = predictDraftDuration(plan, servers);

    if (prediction.kind !== 'estimate') throw new Error(`expected an estimate, got ${prediction.kind}`);
    expect(prediction.waves).toHaveLength(3);
    expect(prediction.totalSeconds).toBe(1800);
  });

  it('names the waves of a cycle', () => {
    const plan = draft();
    plan.waves = updateWave(plan.waves, 0, { dependsOnKeys: [plan.waves[2].key] });

    expect(predictDraftDuration(plan, servers)).toEqual({
      kind: 'cycle',
      cycle: ['Database', 'Web', 'Wave 2', 'Database'],
    });
  });

  it('ignores a deadline that is not a number', () => {
    const plan = draft();
    plan.waves = updateWave(plan.waves, 0, { deadlineSeconds: 'soon' });

    const prediction = predictDraftDuration(plan, servers);

    if (prediction.kind !== 'estimate') throw new Error(`expected an estimate, got ${prediction.kind}`);
    expect(prediction.waves[0].exceedsDeadline).toBe(false);
  });
});
