import { ErrorCode } from '@drs/domain';

import { ApiError } from '../api/api-error';
import { createWave, PlanDraft, updateWave, WaveDraft } from './plan-draft';
import { apiErrorToFieldErrors, validatePlanDraft, waveErrorKey, waveGraphProblem } from './plan-errors';

function validDraft(): PlanDraft {
  const waves: WaveDraft[] = [];
  for (const [index, name] of ['Database', 'App', 'Web'].entries()) {
    waves.push({ ...createWave(waves), name, protectionGroupIds: [`group-${index}`] });
  }

  return { name: 'orders', description: '', rpoSeconds: '', waves };
}

describe('validatePlanDraft', () => {
  it('accepts a valid plan', () => {
    expect(validatePlanDraft(validDraft())).toEqual({});
  });

  it('requires a plan name', () => {
    const errors = validatePlanDraft({ ...validDraft(), name: '   ' });

    expect(errors.name).toBe('Enter a name for the plan.');
  });

  it('requires at least one wave', () => {
    expect(validatePlanDraft({ ...validDraft(), waves: [] }).waves).toBe('Add at least one wave.');
  });

  it('requires a wave name', () => {
    const draft = validDraft();
    draft.waves = updateWave(draft.waves, 1, { name: '' });

    expect(validatePlanDraft(draft)[waveErrorKey(draft.waves[1].key, 'name')]).toBe(
      'Enter a name for wave 2.',
    );
  });

  it('rejects a wave name used twice', () => {
    const draft = validDraft();
    draft.waves = updateWave(draft.waves, 2, { name: 'App ' });

    const errors = validatePlanDraft(draft);

    expect(errors[waveErrorKey(draft.waves[1].key, 'name')]).toContain('Another wave is also named "App"');
    expect(errors[waveErrorKey(draft.waves[2].key, 'name')]).toContain('Another wave is also named "App"');
  });

  it('requires a protection group per wave', () => {
    const draft = validDraft();
    draft.waves = updateWave(draft.waves, 0, { protectionGroupIds: [] });

    expect(validatePlanDraft(draft)[waveErrorKey(draft.waves[0].key, 'protectionGroupIds')]).toBe(
      'Choose at least one protection group.',
    );
  });

  it('rejects a group in two waves', () => {
    const draft = validDraft();
    draft.waves = updateWave(draft.waves, 2, { protectionGroupIds: ['group-0'] });

    const errors = validatePlanDraft(draft, new Map([['group-0', 'orders-db']]));

    expect(errors[waveErrorKey(draft.waves[2].key, 'protectionGroupIds')]).toBe(
      'Protection group orders-db is already in Database; a group may be in one wave only.',
    );
    expect(errors[waveErrorKey(draft.waves[0].key, 'protectionGroupIds')]).toBeUndefined();
  });

  it('names the waves of a cycle', () => {
    const draft = validDraft();
    draft.waves = updateWave(draft.waves, 0, { dependsOnKeys: [draft.waves[2].key] });

    const errors = validatePlanDraft(draft);

    const message = 'The plan has a cycle: Database -> Web -> App -> Database.';
    for (const wave of draft.waves) {
      expect(errors[waveErrorKey(wave.key, 'dependsOn')]).toBe(message);
    }
  });

  it('rejects a wave depending on itself', () => {
    const draft = validDraft();
    draft.waves = updateWave(draft.waves, 1, { dependsOnKeys: [draft.waves[1].key] });

    expect(validatePlanDraft(draft)[waveErrorKey(draft.waves[1].key, 'dependsOn')]).toBe(
      'A wave cannot depend on itself.',
    );
  });

  it('rejects a dependency on a removed wave', () => {
    const draft = validDraft();
    draft.waves = updateWave(draft.waves, 1, { dependsOnKeys: ['wave-gone'] });

    expect(validatePlanDraft(draft)[waveErrorKey(draft.waves[1].key, 'dependsOn')]).toContain(
      'no longer in the plan',
    );
  });

  it('checks number ranges', () => {
    const draft = validDraft();
    draft.rpoSeconds = '0';
    draft.waves = updateWave(draft.waves, 0, { minSuccessPercent: '101', deadlineSeconds: '1.5' });

    const errors = validatePlanDraft(draft);

    expect(errors.rpoSeconds).toBe('The RPO must be a whole number from 1 to 31536000.');
    expect(errors[waveErrorKey(draft.waves[0].key, 'minSuccessPercent')]).toBe(
      'The minimum success must be a whole number from 0 to 100.',
    );
    expect(errors[waveErrorKey(draft.waves[0].key, 'deadlineSeconds')]).toBe(
      'The deadline must be a whole number from 1 to 604800.',
    );
  });

  it('checks name lengths', () => {
    const draft = validDraft();
    draft.name = 'p'.repeat(129);
    draft.waves = updateWave(draft.waves, 0, { name: 'w'.repeat(65) });

    const errors = validatePlanDraft(draft);

    expect(errors.name).toContain('at most 128');
    expect(errors[waveErrorKey(draft.waves[0].key, 'name')]).toContain('at most 64');
  });
});

describe('waveGraphProblem', () => {
  it('returns null for a valid graph', () => {
    expect(waveGraphProblem(validDraft().waves)).toBeNull();
  });

  it('returns the shared rule message for a cycle', () => {
    const draft = validDraft();
    draft.waves = updateWave(draft.waves, 0, { dependsOnKeys: [draft.waves[1].key] });

    expect(waveGraphProblem(draft.waves)).toBe('Wave dependencies form a cycle: Database -> App -> Database');
  });
});

describe('apiErrorToFieldErrors', () => {
  it('maps validation paths to wave fields', () => {
    const waves = validDraft().waves;
    const error = new ApiError(400, ErrorCode.ValidationFailed, 'Request validation failed', {
      fields: [
        { field: 'name', errors: ['name must be longer than or equal to 1 characters'] },
        { field: 'waves[1].name', errors: ['name must be shorter than or equal to 64 characters'] },
        {
          field: 'waves[0].protectionGroupIds',
          errors: ['protectionGroupIds must contain at least 1 elements'],
        },
        { field: 'waves[2].optionalServerIds[0]', errors: ['each value must look like s-0123456789abcdef0'] },
      ],
    });

    const errors = apiErrorToFieldErrors(error, waves);

    expect(errors.name).toBe('name must be longer than or equal to 1 characters');
    expect(errors[waveErrorKey(waves[1].key, 'name')]).toBe(
      'name must be shorter than or equal to 64 characters',
    );
    expect(errors[waveErrorKey(waves[0].key, 'protectionGroupIds')]).toBe(
      'protectionGroupIds must contain at least 1 elements',
    );
    expect(errors[waveErrorKey(waves[2].key, 'optionalServerIds')]).toBe(
      'each value must look like s-0123456789abcdef0',
    );
  });

  it('maps an unknown wave index to the list', () => {
    const error = new ApiError(400, ErrorCode.ValidationFailed, 'failed', {
      fields: [{ field: 'waves[9].name', errors: ['too long'] }],
    });

    expect(apiErrorToFieldErrors(error, validDraft().waves)).toEqual({ waves: 'too long' });
  });

  it('puts a taken plan name on the name field', () => {
    const error = new ApiError(
      409,
      ErrorCode.PlanNameTaken,
      'A recovery plan named "orders" already exists',
      {
        name: 'orders',
      },
    );

    expect(apiErrorToFieldErrors(error, validDraft().waves)).toEqual({
      name: 'A recovery plan named "orders" already exists',
    });
  });

  it('puts a group in two waves on the later wave', () => {
    const waves = validDraft().waves;
    const error = new ApiError(422, ErrorCode.PlanInvalid, 'group appears in two waves', {
      groupId: 'group-0',
      waves: ['Database', 'Web'],
    });

    expect(apiErrorToFieldErrors(error, waves)).toEqual({
      [waveErrorKey(waves[2].key, 'protectionGroupIds')]: 'group appears in two waves',
    });
  });

  it('puts a cycle on every wave of it', () => {
    const waves = validDraft().waves;
    const error = new ApiError(422, ErrorCode.PlanHasCycle, 'cycle', { cycle: ['App', 'Web', 'App'] });

    expect(apiErrorToFieldErrors(error, waves)).toEqual({
      [waveErrorKey(waves[1].key, 'dependsOn')]: 'cycle',
      [waveErrorKey(waves[2].key, 'dependsOn')]: 'cycle',
    });
  });

  it('puts unknown groups on the waves that list them', () => {
    const waves = validDraft().waves;
    const error = new ApiError(422, ErrorCode.PlanInvalid, 'unknown groups', {
      unknownGroupIds: ['group-1'],
    });

    expect(apiErrorToFieldErrors(error, waves)).toEqual({
      [waveErrorKey(waves[1].key, 'protectionGroupIds')]: 'unknown groups',
    });
  });

  it('puts a missing dependency on the dependent wave', () => {
    const waves = validDraft().waves;
    const error = new ApiError(422, ErrorCode.PlanInvalid, 'depends on Nowhere', {
      wave: 'App',
      dependency: 'Nowhere',
    });

    expect(apiErrorToFieldErrors(error, waves)).toEqual({
      [waveErrorKey(waves[1].key, 'dependsOn')]: 'depends on Nowhere',
    });
  });
});
