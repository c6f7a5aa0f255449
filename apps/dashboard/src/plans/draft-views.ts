import { findCycle } from '@drs/domain';

import type { SourceServer } from '../api/resources';
import { parseWholeNumber, PlanDraft, WaveDraft } from './plan-draft';
import { PlanPrediction, predictPlanDuration, PredictionServer } from './predict-duration';
import { GraphWave } from './wave-graph-layout';

/** Returns the wave's name for display, or "Wave N" while it has none. */
export function waveDisplayName(wave: WaveDraft, index: number): string {
  return wave.name.trim() || `Wave ${index + 1}`;
}

/** Returns the waves as the graph draws them, identified by draft key so unnamed or equal names still draw. */
export function draftToGraphWaves(draft: PlanDraft): GraphWave[] {
  return draft.waves.map((wave, index) => ({
    id: wave.key,
    label: waveDisplayName(wave, index),
    dependsOn: wave.dependsOnKeys,
  }));
}

/** Returns the keys of the waves on a dependency cycle, empty when there is none. */
export function cycleWaveKeys(draft: PlanDraft): Set<string> {
  const cycle = findCycle(draft.waves.map((wave) => ({ name: wave.key, dependsOn: wave.dependsOnKeys })));
  return new Set(cycle ?? []);
}

export function toPredictionServers(servers: SourceServer[]): PredictionServer[] {
  return servers.map((server) => ({
    sourceServerId: server.sourceServerId,
    hostname: server.hostname,
    accountId: server.accountId,
    region: server.region,
    osFamily: server.osFamily,
    protectionGroupId: server.protectionGroup?.id ?? null,
  }));
}

/**
 * Estimates the draft's duration. The prediction runs on draft keys, so waves without a name or
 * with the same name stay apart, and the result is labelled with display names afterwards.
 */
export function predictDraftDuration(draft: PlanDraft, servers: PredictionServer[]): PlanPrediction {
  const labelOf = new Map(draft.waves.map((wave, index) => [wave.key, waveDisplayName(wave, index)]));
  const prediction = predictPlanDuration(
    draft.waves.map((wave) => {
      const deadline = parseWholeNumber(wave.deadlineSeconds);
      return {
        name: wave.key,
        launchOrder: wave.launchOrder,
        dependsOn: wave.dependsOnKeys,
        protectionGroupIds: wave.protectionGroupIds,
        deadlineSeconds: deadline === undefined || Number.isNaN(deadline) ? null : deadline,
      };
    }),
    servers,
  );
  const label = (key: string) => labelOf.get(key) ?? key;

  if (prediction.kind === 'cycle') {
    return { kind: 'cycle', cycle: prediction.cycle.map(label) };
  }

  return {
    ...prediction,
    waves: prediction.waves.map((wave) => ({ ...wave, name: label(wave.name) })),
    criticalPath: prediction.criticalPath.map(label),
  };
}
