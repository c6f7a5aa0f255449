import { DomainError, ErrorCode } from './errors';
import { FailurePolicy, WaveStatus } from './statuses';
import { releasesDependents } from './wave-policy';

export interface WaveNode {
  name: string;
  dependsOn: string[];
  /** Decides whether a failure of this wave still lets its dependents start; halt by default. */
  failurePolicy?: FailurePolicy;
}

/**
 * Checks that wave names are unique, that every dependency names a wave of the plan, and that
 * the dependencies form no cycle. Throws PLAN_INVALID or PLAN_HAS_CYCLE naming the waves.
 */
export function validateWaveGraph(waves: WaveNode[]): void {
  const names = new Set<string>();
  for (const wave of waves) {
    if (names.has(wave.name)) {
      throw new DomainError(ErrorCode.PlanInvalid, `Wave name "${wave.name}" is used more than once`, {
        wave: wave.name,
      });
    }
    names.add(wave.name);
  }

  for (const wave of waves) {
    for (const dependency of wave.dependsOn) {
      if (!names.has(dependency)) {
        throw new DomainError(
          ErrorCode.PlanInvalid,
          `Wave "${wave.name}" depends on "${dependency}", which is not a wave of this plan`,
          { wave: wave.name, dependency },
        );
      }
    }
  }

  const cycle = findCycle(waves);
  if (cycle) {
    throw new DomainError(ErrorCode.PlanHasCycle, `Wave dependencies form a cycle: ${cycle.join(' -> ')}`, {
      cycle,
    });
  }
}

/** Returns one dependency cycle as wave names, first name repeated at the end, or null. */
export function findCycle(waves: WaveNode[]): string[] | null {
  const byName = new Map(waves.map((wave) => [wave.name, wave]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];

  const visit = (name: string): string[] | null => {
    const seen = state.get(name);
    if (seen === 'done') {
      return null;
    }
    if (seen === 'visiting') {
      return [...path.slice(path.indexOf(name)), name];
    }

    state.set(name, 'visiting');
    path.push(name);
    for (const dependency of byName.get(name)?.dependsOn ?? []) {
      const cycle = visit(dependency);
      if (cycle) {
        return cycle;
      }
    }
    path.pop();
    state.set(name, 'done');

    return null;
  };

  for (const wave of waves) {
    const cycle = visit(wave.name);
    if (cycle) {
      return cycle;
    }
  }

  return null;
}

/**
 * Names of the pending waves that may start now: every wave they depend on has ended in a way
 * that releases its dependents. Waves with no dependency path between them are returned
 * together, so they run at the same time.
 */
export function wavesReadyToStart(waves: WaveNode[], statuses: ReadonlyMap<string, WaveStatus>): string[] {
  const byName = new Map(waves.map((wave) => [wave.name, wave]));

  return waves
    .filter((wave) => statuses.get(wave.name) === WaveStatus.Pending)
    .filter((wave) =>
      wave.dependsOn.every((dependency) => {
        const status = statuses.get(dependency);
        const policy = byName.get(dependency)?.failurePolicy ?? FailurePolicy.Halt;

        return status !== undefined && releasesDependents(status, policy);
      }),
    )
    .map((wave) => wave.name);
}
