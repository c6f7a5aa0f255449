import { ErrorCode, findCycle, validateWaveGraph } from '@drs/domain';

import { ApiError } from '../api/api-error';
import { parseWholeNumber, PlanDraft, WaveDraft } from './plan-draft';

/** Limits of RecoveryPlanInput and WaveInput in the gateway's DTO, checked here before saving. */
export const PLAN_LIMITS = {
  planNameLength: 128,
  descriptionLength: 2_000,
  maxRpoSeconds: 31_536_000,
  waveNameLength: 64,
  maxWaves: 50,
  maxGroupsPerWave: 100,
  maxDeadlineSeconds: 7 * 24 * 3600,
} as const;

export type WaveField =
  | 'name'
  | 'protectionGroupIds'
  | 'launchOrder'
  | 'dependsOn'
  | 'failurePolicy'
  | 'minSuccessPercent'
  | 'deadlineSeconds'
  | 'optionalServerIds'
  /** A message about the wave as a whole. */
  | 'wave';

const WAVE_FIELDS: readonly WaveField[] = [
  'name',
  'protectionGroupIds',
  'launchOrder',
  'dependsOn',
  'failurePolicy',
  'minSuccessPercent',
  'deadlineSeconds',
  'optionalServerIds',
];

/**
 * Messages keyed by form field: `name`, `description`, `rpoSeconds`, `waves` for the wave list,
 * and `<wave key>.<field>` for a wave's field. Keying waves by their draft key keeps a message
 * on its wave when the operator reorders the waves.
 */
export type PlanFieldErrors = Record<string, string>;

export function waveErrorKey(waveKey: string, field: WaveField): string {
  return `${waveKey}.${field}`;
}

function addError(errors: PlanFieldErrors, key: string, message: string): void {
  errors[key] = errors[key] ? `${errors[key]} ${message}` : message;
}

/** Returns a wave's name for messages, or its place in the plan when it has none yet. */
function label(wave: WaveDraft, waves: WaveDraft[]): string {
  const name = wave.name.trim();
  return name === '' ? `wave ${waves.indexOf(wave) + 1}` : name;
}

function checkWholeNumber(
  errors: PlanFieldErrors,
  key: string,
  text: string,
  fieldLabel: string,
  minimum: number,
  maximum: number,
): void {
  const value = parseWholeNumber(text);
  if (value === undefined) {
    return;
  }
  if (Number.isNaN(value) || value < minimum || value > maximum) {
    addError(errors, key, `${fieldLabel} must be a whole number from ${minimum} to ${maximum}.`);
  }
}

/**
 * Checks a draft before it is saved, with the rules the API applies. Names are required and wave
 * names unique, each wave has a group and each group one wave, and dependencies exist and form
 * no cycle. Numbers must be in range. Returns an empty object for a valid draft.
 */
export function validatePlanDraft(
  draft: PlanDraft,
  groupNames: ReadonlyMap<string, string> = new Map(),
): PlanFieldErrors {
  const errors: PlanFieldErrors = {};

  if (draft.name.trim() === '') {
    addError(errors, 'name', 'Enter a name for the plan.');
  } else if (draft.name.trim().length > PLAN_LIMITS.planNameLength) {
    addError(errors, 'name', `The name must have at most ${PLAN_LIMITS.planNameLength} characters.`);
  }
  if (draft.description.length > PLAN_LIMITS.descriptionLength) {
    addError(
      errors,
      'description',
      `The description must have at most ${PLAN_LIMITS.descriptionLength} characters.`,
    );
  }
  checkWholeNumber(errors, 'rpoSeconds', draft.rpoSeconds, 'The RPO', 1, PLAN_LIMITS.maxRpoSeconds);

  if (draft.waves.length === 0) {
    addError(errors, 'waves', 'Add at least one wave.');
  } else if (draft.waves.length > PLAN_LIMITS.maxWaves) {
    addError(errors, 'waves', `A plan may have at most ${PLAN_LIMITS.maxWaves} waves.`);
  }

  checkWaveNames(errors, draft.waves);
  checkWaveGroups(errors, draft.waves, groupNames);
  checkDependencies(errors, draft.waves);

  for (const wave of draft.waves) {
    checkWholeNumber(
      errors,
      waveErrorKey(wave.key, 'minSuccessPercent'),
      wave.minSuccessPercent,
      'The minimum success',
      0,
      100,
    );
    checkWholeNumber(
      errors,
      waveErrorKey(wave.key, 'deadlineSeconds'),
      wave.deadlineSeconds,
      'The deadline',
      1,
      PLAN_LIMITS.maxDeadlineSeconds,
    );
  }

  return errors;
}

function checkWaveNames(errors: PlanFieldErrors, waves: WaveDraft[]): void {
  const counts = new Map<string, number>();
  for (const wave of waves) {
    const name = wave.name.trim();
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }

  waves.forEach((wave, index) => {
    const name = wave.name.trim();
    const key = waveErrorKey(wave.key, 'name');
    if (name === '') {
      addError(errors, key, `Enter a name for wave ${index + 1}.`);
    } else if (name.length > PLAN_LIMITS.waveNameLength) {
      addError(errors, key, `A wave name must have at most ${PLAN_LIMITS.waveNameLength} characters.`);
    } else if ((counts.get(name) ?? 0) > 1) {
      addError(errors, key, `Another wave is also named "${name}"; wave names must be unique in the plan.`);
    }
  });
}

function checkWaveGroups(
  errors: PlanFieldErrors,
  waves: WaveDraft[],
  groupNames: ReadonlyMap<string, string>,
): void {
  const waveOfGroup = new Map<string, WaveDraft>();

  for (const wave of waves) {
    const key = waveErrorKey(wave.key, 'protectionGroupIds');
    if (wave.protectionGroupIds.length === 0) {
      addError(errors, key, 'Choose at least one protection group.');
    } else if (wave.protectionGroupIds.length > PLAN_LIMITS.maxGroupsPerWave) {
      addError(errors, key, `A wave may have at most ${PLAN_LIMITS.maxGroupsPerWave} protection groups.`);
    }

    for (const groupId of wave.protectionGroupIds) {
      const earlier = waveOfGroup.get(groupId);
      if (earlier) {
        // Recovering a group in two waves would launch its servers twice, so the API rejects it too.
        addError(
          errors,
          key,
          `Protection group ${groupNames.get(groupId) ?? groupId} is already in ${label(earlier, waves)}; a group may be in one wave only.`,
        );
      } else {
        waveOfGroup.set(groupId, wave);
      }
    }
  }
}

/**
 * Checks dependencies with the shared wave-graph rules. The graph is checked by wave key, so a
 * cycle is found even while two waves share a name or one has none.
 */
function checkDependencies(errors: PlanFieldErrors, waves: WaveDraft[]): void {
  const byKey = new Map(waves.map((wave) => [wave.key, wave]));

  for (const wave of waves) {
    if (wave.dependsOnKeys.includes(wave.key)) {
      addError(errors, waveErrorKey(wave.key, 'dependsOn'), 'A wave cannot depend on itself.');
    }
    if (wave.dependsOnKeys.some((key) => !byKey.has(key))) {
      addError(
        errors,
        waveErrorKey(wave.key, 'dependsOn'),
        'A dependency names a wave that is no longer in the plan.',
      );
    }
  }

  const nodes = waves.map((wave) => ({
    name: wave.key,
    dependsOn: wave.dependsOnKeys.filter((key) => key !== wave.key && byKey.has(key)),
  }));
  const cycle = findCycle(nodes);
  if (cycle) {
    const names = cycle.map((key) => label(byKey.get(key) as WaveDraft, waves));
    const message = `The plan has a cycle: ${names.join(' -> ')}.`;
    for (const key of new Set(cycle)) {
      addError(errors, waveErrorKey(key, 'dependsOn'), message);
    }
  }
}

/**
 * Runs the shared `validateWaveGraph` on the names that will be sent, as a last check that the
 * per-field checks above missed nothing the planner would reject. Returns its message, or null.
 */
export function waveGraphProblem(waves: WaveDraft[]): string | null {
  const byKey = new Map(waves.map((wave) => [wave.key, wave.name.trim()]));
  try {
    validateWaveGraph(
      waves.map((wave) => ({
        name: wave.name.trim(),
        dependsOn: wave.dependsOnKeys.map((key) => byKey.get(key) ?? key),
      })),
    );
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Maps an error of POST or PUT /recovery-plans onto the form's fields: the validation paths such
 * as `waves[1].name`, and the details of the plan rules (a taken name, a cycle, a group in two
 * waves, unknown groups). `waves` must be the drafts in the order they were sent.
 */
export function apiErrorToFieldErrors(error: ApiError, waves: WaveDraft[]): PlanFieldErrors {
  const errors: PlanFieldErrors = {};

  for (const [path, message] of Object.entries(error.fieldErrors())) {
    const match = /^waves\[(\d+)\](?:\.(\w+))?/.exec(path);
    if (match) {
      const wave = waves[Number(match[1])];
      const field = WAVE_FIELDS.find((candidate) => candidate === match[2]) ?? 'wave';
      addError(errors, wave ? waveErrorKey(wave.key, field) : 'waves', message);
    } else {
      const field = path.split(/[.[]/)[0];
      addError(errors, ['name', 'description', 'rpoSeconds'].includes(field) ? field : 'waves', message);
    }
  }

  const details = (error.details ?? {}) as Record<string, unknown>;
  const byName = (name: unknown) => waves.find((wave) => wave.name.trim() === name);

  if (error.code === ErrorCode.PlanNameTaken) {
    addError(errors, 'name', error.message);
  } else if (error.code === ErrorCode.PlanHasCycle && Array.isArray(details.cycle)) {
    for (const name of new Set(details.cycle)) {
      const wave = byName(name);
      if (wave) {
        addError(errors, waveErrorKey(wave.key, 'dependsOn'), error.message);
      }
    }
  } else if (error.code === ErrorCode.PlanInvalid) {
    if (typeof details.dependency === 'string' || typeof details.wave === 'string') {
      const wave = byName(details.wave);
      if (wave) {
        const field = typeof details.dependency === 'string' ? 'dependsOn' : 'name';
        addError(errors, waveErrorKey(wave.key, field), error.message);
      }
    }
    if (Array.isArray(details.waves)) {
      const wave = byName(details.waves[details.waves.length - 1]);
      if (wave) {
        addError(errors, waveErrorKey(wave.key, 'protectionGroupIds'), error.message);
      }
    }
    if (Array.isArray(details.unknownGroupIds)) {
      const unknown = new Set(details.unknownGroupIds);
      for (const wave of waves) {
        if (wave.protectionGroupIds.some((groupId) => unknown.has(groupId))) {
          addError(errors, waveErrorKey(wave.key, 'protectionGroupIds'), error.message);
        }
      }
    }
  }

  return errors;
}
