import { findCycle, LaunchOrder, planBatches } from '@drs/domain';

/**
 * Typical boot times of recovered servers. The AWS Elastic Disaster Recovery user guide
 * ("Elastic Disaster Recovery Concepts", on RTO) states that the average recovered Linux
 * server boots within 5 minutes and the average Windows server within 20. They are estimates,
 * not limits.
 */
export const LINUX_LAUNCH_SECONDS = 5 * 60;
export const WINDOWS_LAUNCH_SECONDS = 20 * 60;

/**
 * DRS quotas per account and Region: servers in one launch job, jobs running at once, and
 * servers in all running jobs. These are the defaults of the launcher's DRS_MAX_SERVERS_PER_JOB,
 * DRS_MAX_JOBS_IN_PROGRESS and DRS_MAX_SERVERS_IN_ACTIVE_JOBS settings.
 */
export const DRS_QUOTAS = {
  maxServersPerJob: 100,
  maxConcurrentJobs: 20,
  maxServersInActiveJobs: 500,
} as const;

export type DrsQuotas = {
  maxServersPerJob: number;
  maxConcurrentJobs: number;
  maxServersInActiveJobs: number;
};

/** A source server as far as the prediction needs it. */
export interface PredictionServer {
  sourceServerId: string;
  hostname: string | null;
  accountId: string;
  region: string;
  osFamily: string | null;
  protectionGroupId: string | null;
}

/** A wave as far as the prediction needs it. `dependsOn` lists wave names. */
export interface PredictionWave {
  name: string;
  launchOrder: LaunchOrder;
  dependsOn: string[];
  protectionGroupIds: string[];
  deadlineSeconds: number | null;
}

export interface WavePrediction {
  name: string;
  serverCount: number;
  /** Seconds from the start of the wave to its last server launched. */
  durationSeconds: number;
  /** Seconds from the start of the execution, once every dependency has ended. */
  startSeconds: number;
  endSeconds: number;
  /** Launch jobs that start only after an earlier job of the wave ended, because of a DRS quota. */
  queuedJobCount: number;
  deadlineSeconds: number | null;
  /** True when the estimate is longer than the wave's deadline. */
  exceedsDeadline: boolean;
  unknownOsServers: PredictionServer[];
}

export type PlanPrediction =
  | {
      kind: 'estimate';
      totalSeconds: number;
      waves: WavePrediction[];
      unknownOsServers: PredictionServer[];
      /** Waves on the longest path, first to last. */
      criticalPath: string[];
    }
  /** No total exists while the dependencies form a cycle, because no wave of it could start. */
  | { kind: 'cycle'; cycle: string[] };

/**
 * Returns the typical launch time of one server by OS family. A server whose OS family is not
 * known counts as Windows, the longer of the two, so the estimate errs on the long side.
 */
export function serverLaunchSeconds(osFamily: string | null): number {
  switch (osFamily?.toUpperCase()) {
    case 'LINUX':
      return LINUX_LAUNCH_SECONDS;
    case 'WINDOWS':
      return WINDOWS_LAUNCH_SECONDS;
    default:
      return WINDOWS_LAUNCH_SECONDS;
  }
}

export function isKnownOsFamily(osFamily: string | null): boolean {
  const family = osFamily?.toUpperCase();
  return family === 'LINUX' || family === 'WINDOWS';
}

/**
 * Estimates how long one wave takes. A sequential wave launches one server after another, so it
 * takes the sum. A parallel wave is split into jobs as the launcher splits it (`planBatches`),
 * and each job takes as long as its slowest server. Jobs start in order while the account and
 * Region stay within the quotas, and a job that would exceed one waits for the earliest running
 * job to end. Beyond 500 servers in one account and Region the wave therefore runs in rounds.
 */
export function predictWaveSeconds(
  servers: PredictionServer[],
  order: LaunchOrder,
  quotas: DrsQuotas = DRS_QUOTAS,
): { durationSeconds: number; queuedJobCount: number } {
  if (servers.length === 0) {
    return { durationSeconds: 0, queuedJobCount: 0 };
  }
  if (order === LaunchOrder.Sequential) {
    const total = servers.reduce((sum, server) => sum + serverLaunchSeconds(server.osFamily), 0);
    return { durationSeconds: total, queuedJobCount: 0 };
  }

  const jobsByTarget = new Map<string, number[][]>();
  for (const batch of planBatches(servers, order, quotas.maxServersPerJob)) {
    const key = `${batch.accountId}/${batch.region}`;
    const jobSeconds = Math.max(...batch.servers.map((server) => serverLaunchSeconds(server.osFamily)));
    jobsByTarget.set(key, [...(jobsByTarget.get(key) ?? []), [jobSeconds, batch.servers.length]]);
  }

  let durationSeconds = 0;
  let queuedJobCount = 0;
  for (const jobs of jobsByTarget.values()) {
    const result = scheduleJobs(jobs, quotas);
    durationSeconds = Math.max(durationSeconds, result.endSeconds);
    queuedJobCount += result.queuedJobCount;
  }

  return { durationSeconds, queuedJobCount };
}

/** Runs jobs `[seconds, serverCount]` of one account and Region in order within the quotas. */
function scheduleJobs(jobs: number[][], quotas: DrsQuotas): { endSeconds: number; queuedJobCount: number } {
  let now = 0;
  let queuedJobCount = 0;
  let running: Array<{ endSeconds: number; serverCount: number }> = [];

  for (const [seconds, serverCount] of jobs) {
    const fits = () =>
      running.length < quotas.maxConcurrentJobs &&
      running.reduce((sum, job) => sum + job.serverCount, 0) + serverCount <= quotas.maxServersInActiveJobs;

    // A job larger than the in-flight quota on its own still starts once nothing else runs.
    while (running.length > 0 && !fits()) {
      now = Math.min(...running.map((job) => job.endSeconds));
      running = running.filter((job) => job.endSeconds > now);
    }
    if (now > 0) {
      queuedJobCount += 1;
    }
    running.push({ endSeconds: now + seconds, serverCount });
  }

  return { endSeconds: Math.max(...running.map((job) => job.endSeconds)), queuedJobCount };
}

/**
 * Estimates the duration of a whole plan. A wave starts when all the waves it depends on have
 * ended, so the plan takes as long as its longest dependency path. A dependency on a name that
 * is no wave of the plan is ignored here, because the form's validation reports it.
 */
export function predictPlanDuration(
  waves: PredictionWave[],
  servers: PredictionServer[],
  quotas: DrsQuotas = DRS_QUOTAS,
): PlanPrediction {
  const cycle = findCycle(waves);
  if (cycle) {
    return { kind: 'cycle', cycle };
  }

  const serversByGroup = new Map<string, PredictionServer[]>();
  for (const server of servers) {
    if (server.protectionGroupId) {
      serversByGroup.set(server.protectionGroupId, [
        ...(serversByGroup.get(server.protectionGroupId) ?? []),
        server,
      ]);
    }
  }

  const byName = new Map(waves.map((wave) => [wave.name, wave]));
  const predictions = new Map<string, WavePrediction>();
  const predecessor = new Map<string, string | null>();

  const predict = (wave: PredictionWave): WavePrediction => {
    const known = predictions.get(wave.name);
    if (known) {
      return known;
    }

    let startSeconds = 0;
    let latest: string | null = null;
    for (const dependencyName of wave.dependsOn) {
      const dependency = byName.get(dependencyName);
      if (dependency) {
        const end = predict(dependency).endSeconds;
        if (latest === null || end > startSeconds) {
          startSeconds = end;
          latest = dependency.name;
        }
      }
    }

    const waveServers = wave.protectionGroupIds.flatMap((groupId) => serversByGroup.get(groupId) ?? []);
    const { durationSeconds, queuedJobCount } = predictWaveSeconds(waveServers, wave.launchOrder, quotas);
    const prediction: WavePrediction = {
      name: wave.name,
      serverCount: waveServers.length,
      durationSeconds,
      startSeconds,
      endSeconds: startSeconds + durationSeconds,
      queuedJobCount,
      deadlineSeconds: wave.deadlineSeconds,
      exceedsDeadline: wave.deadlineSeconds !== null && durationSeconds > wave.deadlineSeconds,
      unknownOsServers: waveServers.filter((server) => !isKnownOsFamily(server.osFamily)),
    };
    predictions.set(wave.name, prediction);
    predecessor.set(wave.name, latest);

    return prediction;
  };

  const wavePredictions = waves.map(predict);
  const last = wavePredictions.reduce<WavePrediction | null>(
    (longest, wave) => (longest === null || wave.endSeconds > longest.endSeconds ? wave : longest),
    null,
  );

  const criticalPath: string[] = [];
  for (let name = last?.name ?? null; name !== null; name = predecessor.get(name) ?? null) {
    criticalPath.unshift(name);
  }

  return {
    kind: 'estimate',
    totalSeconds: last?.endSeconds ?? 0,
    waves: wavePredictions,
    unknownOsServers: wavePredictions.flatMap((wave) => wave.unknownOsServers),
    criticalPath,
  };
}
