import { FailurePolicy, LaunchOrder } from '@drs/domain';

import type { RecoveryPlan } from '../api/resources';
import {
  createWave,
  emptyPlanDraft,
  moveWave,
  planToDraft,
  PlanDraft,
  parseWholeNumber,
  removeWave,
  toPlanInput,
  unusedWaveName,
  updateWave,
} from './plan-draft';

function threeTierDraft(): PlanDraft {
  const draft = emptyPlanDraft();
  draft.name = 'orders';
  draft.waves = [createWave([])];
  draft.waves.push(createWave(draft.waves));
  draft.waves.push(createWave(draft.waves));
  draft.waves = draft.waves.map((wave, index) => ({
    ...wave,
    name: ['Database', 'App', 'Web'][index],
    protectionGroupIds: [`group-${index}`],
  }));

  return draft;
}

describe('createWave', () => {
  it('depends on the wave before it', () => {
    const first = createWave([]);
    const second = createWave([first]);

    expect(first.dependsOnKeys).toEqual([]);
    expect(second.dependsOnKeys).toEqual([first.key]);
  });

  it('picks a name no wave uses', () => {
    const first = { ...createWave([]), name: 'Wave 2' };

    expect(createWave([first]).name).toBe('Wave 3');
    expect(unusedWaveName([])).toBe('Wave 1');
  });

  it('starts with the API defaults', () => {
    const wave = createWave([]);

    expect(wave.launchOrder).toBe(LaunchOrder.Parallel);
    expect(wave.failurePolicy).toBe(FailurePolicy.Halt);
    expect(wave.minSuccessPercent).toBe('100');
  });
});

describe('toPlanInput', () => {
  it('sends dependencies by wave name', () => {
    const input = toPlanInput(threeTierDraft());

    expect(input.waves.map((wave) => wave.dependsOn)).toEqual([[], ['Database'], ['App']]);
  });

  it('follows a renamed wave', () => {
    const draft = threeTierDraft();
    draft.waves = updateWave(draft.waves, 0, { name: 'Data' });

    expect(toPlanInput(draft).waves[1].dependsOn).toEqual(['Data']);
  });

  it('keeps two waves with one name apart', () => {
    // Typing "App" into the Web wave must not merge the two waves' dependents.
    const draft = threeTierDraft();
    draft.waves = updateWave(draft.waves, 2, { name: 'App' });
    draft.waves = updateWave(draft.waves, 2, { name: 'Web' });

    expect(toPlanInput(draft).waves[1].dependsOn).toEqual(['Database']);
  });

  it('converts numbers and leaves out empty ones', () => {
    const draft = threeTierDraft();
    draft.rpoSeconds = ' 300 ';
    draft.waves = updateWave(draft.waves, 0, { minSuccessPercent: '90', deadlineSeconds: '' });

    const input = toPlanInput(draft);

    expect(input.rpoSeconds).toBe(300);
    expect(input.waves[0].minSuccessPercent).toBe(90);
    expect(input.waves[0]).not.toHaveProperty('deadlineSeconds');
    expect(toPlanInput({ ...draft, rpoSeconds: '' })).not.toHaveProperty('rpoSeconds');
  });

  it('trims names', () => {
    const draft = threeTierDraft();
    draft.name = '  orders ';
    draft.waves = updateWave(draft.waves, 0, { name: ' Database ' });

    const input = toPlanInput(draft);

    expect(input.name).toBe('orders');
    expect(input.waves[0].name).toBe('Database');
    expect(input.waves[1].dependsOn).toEqual(['Database']);
  });
});

describe('moveWave', () => {
  it('moves a wave up and down', () => {
    const waves = threeTierDraft().waves;

    expect(moveWave(waves, 2, -1).map((wave) => wave.name)).toEqual(['Database', 'Web', 'App']);
    expect(moveWave(waves, 0, 1).map((wave) => wave.name)).toEqual(['App', 'Database', 'Web']);
  });

  it('leaves the first and last wave in place', () => {
    const waves = threeTierDraft().waves;

    expect(moveWave(waves, 0, -1)).toBe(waves);
    expect(moveWave(waves, 2, 1)).toBe(waves);
  });

  it('keeps the dependencies', () => {
    const draft = threeTierDraft();
    draft.waves = moveWave(draft.waves, 2, -2);

    expect(toPlanInput(draft).waves.map((wave) => [wave.name, wave.dependsOn])).toEqual([
      ['Web', ['App']],
      ['Database', []],
      ['App', ['Database']],
    ]);
  });
});

describe('removeWave', () => {
  it('drops dependencies on the removed wave', () => {
    const draft = threeTierDraft();
    draft.waves = removeWave(draft.waves, 1);

    expect(toPlanInput(draft).waves.map((wave) => [wave.name, wave.dependsOn])).toEqual([
      ['Database', []],
      ['Web', []],
    ]);
  });

  it('ignores an index out of range', () => {
    const waves = threeTierDraft().waves;

    expect(removeWave(waves, 5)).toBe(waves);
  });
});

describe('planToDraft', () => {
  const plan: RecoveryPlan = {
    id: '5d7b6c1e-0000-4000-8000-000000000001',
    name: 'orders',
    description: 'Three tiers',
    rpoSeconds: null,
    version: 3,
    lastExecution: null,
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: '2025-01-01T00:00:00Z',
    waves: [
      {
        name: 'App',
        position: 1,
        launchOrder: LaunchOrder.Sequential,
        dependsOn: ['Database'],
        failurePolicy: FailurePolicy.Continue,
        minSuccessPercent: 80,
        optionalServerIds: ['s-00000000000000001'],
        deadlineSeconds: 1800,
        protectionGroups: [{ id: 'group-app', name: 'app' }],
      },
      {
        name: 'Database',
        position: 0,
        launchOrder: LaunchOrder.Parallel,
        dependsOn: [],
        failurePolicy: FailurePolicy.Halt,
        minSuccessPercent: 100,
        optionalServerIds: [],
        deadlineSeconds: null,
        protectionGroups: [{ id: 'group-db', name: 'db' }],
      },
    ],
  };

  it('orders waves by position', () => {
    expect(planToDraft(plan).waves.map((wave) => wave.name)).toEqual(['Database', 'App']);
  });

  it('turns a saved plan back into the same input', () => {
    expect(toPlanInput(planToDraft(plan))).toEqual({
      name: 'orders',
      description: 'Three tiers',
      waves: [
        {
          name: 'Database',
          protectionGroupIds: ['group-db'],
          launchOrder: LaunchOrder.Parallel,
          dependsOn: [],
          failurePolicy: FailurePolicy.Halt,
          minSuccessPercent: 100,
          optionalServerIds: [],
        },
        {
          name: 'App',
          protectionGroupIds: ['group-app'],
          launchOrder: LaunchOrder.Sequential,
          dependsOn: ['Database'],
          failurePolicy: FailurePolicy.Continue,
          minSuccessPercent: 80,
          deadlineSeconds: 1800,
          optionalServerIds: ['s-00000000000000001'],
        },
      ],
    });
  });
});

describe('parseWholeNumber', () => {
  it('parses digits', () => {
    expect(parseWholeNumber('42')).toBe(42);
  });

  it('returns undefined for an empty field', () => {
    expect(parseWholeNumber('  ')).toBeUndefined();
  });

  it('returns NaN for anything else', () => {
    expect(parseWholeNumber('4.5')).toBeNaN();
    expect(parseWholeNumber('-3')).toBeNaN();
    expect(parseWholeNumber('1e3')).toBeNaN();
  });
});
