import { FailurePolicy, LaunchOrder } from '@drs/domain';

import type { RecoveryPlan, RecoveryPlanInput, WaveInput } from '../api/resources';

/**
 * One wave as the editor stores it. Dependencies point at other waves by `key`, not by name, so
 * renaming a wave keeps its dependents and two waves briefly sharing a name stay apart. Number
 * fields stay strings while the operator types; `toPlanInput` converts them.
 */
export interface WaveDraft {
  key: string;
  name: string;
  protectionGroupIds: string[];
  launchOrder: LaunchOrder;
  dependsOnKeys: string[];
  failurePolicy: FailurePolicy;
  minSuccessPercent: string;
  deadlineSeconds: string;
  /** Kept unchanged from the loaded plan, because this editor has no field for it yet. */
  optionalServerIds: string[];
}

export interface PlanDraft {
  name: string;
  description: string;
  rpoSeconds: string;
  waves: WaveDraft[];
}

let nextKey = 1;

/** Returns a key unique in this browser tab. */
export function newWaveKey(): string {
  return `wave-${nextKey++}`;
}

/** Returns "Wave N" with the lowest N that no wave of the plan uses yet. */
export function unusedWaveName(waves: WaveDraft[]): string {
  const names = new Set(waves.map((wave) => wave.name));
  let number = waves.length + 1;
  while (names.has(`Wave ${number}`)) {
    number += 1;
  }

  return `Wave ${number}`;
}

/** Returns a new wave that, by default, depends on the wave before it. */
export function createWave(existing: WaveDraft[]): WaveDraft {
  const previous = existing[existing.length - 1];

  return {
    key: newWaveKey(),
    name: unusedWaveName(existing),
    protectionGroupIds: [],
    launchOrder: LaunchOrder.Parallel,
    dependsOnKeys: previous ? [previous.key] : [],
    failurePolicy: FailurePolicy.Halt,
    minSuccessPercent: '100',
    deadlineSeconds: '',
    optionalServerIds: [],
  };
}

export function emptyPlanDraft(): PlanDraft {
  return { name: '', description: '', rpoSeconds: '', waves: [createWave([])] };
}

/** Converts a plan from the API into a draft, ordering the waves by their position. */
export function planToDraft(plan: RecoveryPlan): PlanDraft {
  const ordered = [...plan.waves].sort((a, b) => a.position - b.position);
  const keys = new Map(ordered.map((wave) => [wave.name, newWaveKey()]));

  return {
    name: plan.name,
    description: plan.description ?? '',
    rpoSeconds: plan.rpoSeconds == null ? '' : String(plan.rpoSeconds),
    waves: ordered.map((wave) => ({
      key: keys.get(wave.name) ?? newWaveKey(),
      name: wave.name,
      protectionGroupIds: wave.protectionGroups.map((group) => group.id),
      launchOrder: wave.launchOrder,
      // The API has already checked that each dependency names a wave of the plan.
      dependsOnKeys: wave.dependsOn.flatMap((name) => {
        const key = keys.get(name);
        return key ? [key] : [];
      }),
      failurePolicy: wave.failurePolicy,
      minSuccessPercent: String(wave.minSuccessPercent),
      deadlineSeconds: wave.deadlineSeconds == null ? '' : String(wave.deadlineSeconds),
      optionalServerIds: wave.optionalServerIds ?? [],
    })),
  };
}

/** Returns the names of the waves that `wave` depends on, in the plan's wave order. */
export function dependencyNames(wave: WaveDraft, waves: WaveDraft[]): string[] {
  return waves.filter((other) => wave.dependsOnKeys.includes(other.key)).map((other) => other.name);
}

/**
 * Parses a whole number typed into a field. Returns undefined for an empty field and NaN for
 * anything else that is not a whole number, so validation can tell the two apart.
 */
export function parseWholeNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') {
    return undefined;
  }

  return /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** Builds the body of POST or PUT /recovery-plans; run `validatePlanDraft` first. */
export function toPlanInput(draft: PlanDraft): RecoveryPlanInput {
  const rpoSeconds = parseWholeNumber(draft.rpoSeconds);

  return {
    name: draft.name.trim(),
    description: draft.description,
    ...(rpoSeconds === undefined ? {} : { rpoSeconds }),
    waves: draft.waves.map((wave): WaveInput => {
      const minSuccessPercent = parseWholeNumber(wave.minSuccessPercent);
      const deadlineSeconds = parseWholeNumber(wave.deadlineSeconds);

      return {
        name: wave.name.trim(),
        protectionGroupIds: wave.protectionGroupIds,
        launchOrder: wave.launchOrder,
        dependsOn: dependencyNames(wave, draft.waves).map((name) => name.trim()),
        failurePolicy: wave.failurePolicy,
        ...(minSuccessPercent === undefined ? {} : { minSuccessPercent }),
        ...(deadlineSeconds === undefined ? {} : { deadlineSeconds }),
        optionalServerIds: wave.optionalServerIds,
      };
    }),
  };
}

/** Returns the waves with the one at `index` moved by `offset` places; out of range leaves them as they are. */
export function moveWave(waves: WaveDraft[], index: number, offset: number): WaveDraft[] {
  const target = index + offset;
  if (index < 0 || index >= waves.length || target < 0 || target >= waves.length) {
    return waves;
  }
  const moved = [...waves];
  const [wave] = moved.splice(index, 1);
  moved.splice(target, 0, wave);

  return moved;
}

/** Returns the waves without the one at `index`, and without any dependency on it. */
export function removeWave(waves: WaveDraft[], index: number): WaveDraft[] {
  const removed = waves[index];
  if (!removed) {
    return waves;
  }

  return waves
    .filter((_, position) => position !== index)
    .map((wave) => ({ ...wave, dependsOnKeys: wave.dependsOnKeys.filter((key) => key !== removed.key) }));
}

/** Returns the waves with the one at `index` changed by `change`. */
export function updateWave(
  waves: WaveDraft[],
  index: number,
  change: Partial<Omit<WaveDraft, 'key'>>,
): WaveDraft[] {
  return waves.map((wave, position) => (position === index ? { ...wave, ...change } : wave));
}
