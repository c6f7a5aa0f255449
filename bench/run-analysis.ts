import { DRS_TAG, ExecutionEventMessage } from '@drs/contracts';

import {
  callsBetween,
  EmulatorJob,
  EmulatorStats,
  launchJobsOf,
  startRecoveryCallsOf,
  timeMs,
} from './emulator-stats';
import {
  computeIdealSchedule,
  DrsQuotaLimits,
  IdealPlan,
  IdealServer,
  IdealWave,
  minimumStartRecoveryCalls,
} from './ideal-schedule';
import { LatencySummary, summarizeLatencies } from './latency-summary';
import { Workload } from './workloads';

/** One execution of a workload's plan, as the benchmark started it. */
export interface ExecutionRecord {
  planName: string;
  executionId: string;
  status: string;
  events: ExecutionEventMessage[];
}

export interface WorkloadRecord {
  workload: Workload;
  executions: ExecutionRecord[];
  statsBefore: EmulatorStats;
  statsAfter: EmulatorStats;
}

/** From the last server of a wave's dependencies final in DRS to the wave's first StartRecovery. */
export interface WaveHandOff {
  executionId: string;
  wave: string;
  handOffMs: number;
  /** From the server final in DRS to its `server.status` event. */
  detectionMs: number;
  /** The hand-off less the detection delay: the orchestrator's own time. */
  withoutDetectionMs: number;
}

export interface WorkloadAnalysis {
  workload: string;
  description: string;
  executions: number;
  executionStatuses: Record<string, number>;
  servers: number;
  idealMakespanMs: number;
  /** Submissions in the ideal schedule that waited for a quota; zero means the ideal is optimal. */
  idealQuotaWaits: number;
  measuredMakespanMs: number;
  makespanRatio: number;
  jobStartDelayMs: number;
  handOffs: WaveHandOff[];
  handOff: LatencySummary;
  handOffWithoutDetection: LatencySummary;
  detection: LatencySummary;
  callsByOperation: Record<string, number>;
  startRecoveryCalls: number;
  minimumStartRecoveryCalls: number;
  describeJobsCalls: number;
  /** One DescribeJobs per account and Region per poll interval over the time each had active jobs. */
  describeJobsAllowance: number;
  maxJobsInFlight: number;
  maxServersInFlight: number;
  quotaRefusals: number;
  maxJobsPerServer: number;
}

const FINAL_SERVER_STATUSES = new Set(['LAUNCHED', 'FAILED']);

function waveJobs(jobs: EmulatorJob[], executionId: string, wave: string): EmulatorJob[] {
  return jobs.filter(
    (job) => job.tags[DRS_TAG.execution] === executionId && job.tags[DRS_TAG.wave] === wave.slice(0, 256),
  );
}

/** Returns each server's last launch in the given jobs, with the duration DRS took for it. */
function idealServers(jobs: EmulatorJob[]): IdealServer[] {
  const byId = new Map<string, IdealServer>();
  for (const job of [...jobs].sort((a, b) => timeMs(a.createdAt) - timeMs(b.createdAt))) {
    for (const server of job.servers) {
      byId.set(server.sourceServerID, {
        sourceServerId: server.sourceServerID,
        target: `${job.accountID}/${job.region}`,
        durationMs: timeMs(server.finishedAt) - timeMs(server.startedAt),
      });
    }
  }

  return [...byId.values()];
}

function lastFinished(jobs: EmulatorJob[]): { sourceServerId: string; finishedAtMs: number } | null {
  let last: { sourceServerId: string; finishedAtMs: number } | null = null;
  for (const server of jobs.flatMap((job) => job.servers)) {
    const finishedAtMs = timeMs(server.finishedAt);
    if (!last || finishedAtMs > last.finishedAtMs) {
      last = { sourceServerId: server.sourceServerID, finishedAtMs };
    }
  }

  return last;
}

/** When the orchestrator recorded the server as final: the `createdAt` of its `server.status` event. */
function detectedAtMs(events: ExecutionEventMessage[], sourceServerId: string): number | null {
  for (const event of events) {
    if (event.type !== 'server.status') {
      continue;
    }
    const payload = event.payload as { sourceServerId: string; status: string };
    if (payload.sourceServerId === sourceServerId && FINAL_SERVER_STATUSES.has(payload.status)) {
      return Date.parse(event.createdAt);
    }
  }

  return null;
}

function measureHandOffs(record: WorkloadRecord, jobs: EmulatorJob[]): WaveHandOff[] {
  const calls = startRecoveryCallsOf(
    record.statsAfter,
    new Set(record.executions.map((execution) => execution.executionId)),
  );
  const handOffs: WaveHandOff[] = [];
  for (const execution of record.executions) {
    const plan = record.workload.plans.find((item) => item.name === execution.planName);
    for (const wave of plan?.waves ?? []) {
      if (wave.dependsOn.length === 0) {
        continue;
      }
      const dependencyJobs = wave.dependsOn.flatMap((name) => waveJobs(jobs, execution.executionId, name));
      const last = lastFinished(dependencyJobs);
      const firstCallMs = Math.min(
        ...calls
          .filter(
            (call) =>
              call.tags[DRS_TAG.execution] === execution.executionId &&
              call.tags[DRS_TAG.wave] === wave.name.slice(0, 256),
          )
          .map((call) => timeMs(call.at)),
      );
      if (!last || !Number.isFinite(firstCallMs)) {
        continue;
      }
      const detectedMs = detectedAtMs(execution.events, last.sourceServerId);
      if (detectedMs === null) {
        throw new Error(
          `execution ${execution.executionId}: no final server.status event for ${last.sourceServerId}`,
        );
      }
      handOffs.push({
        executionId: execution.executionId,
        wave: wave.name,
        handOffMs: firstCallMs - last.finishedAtMs,
        detectionMs: detectedMs - last.finishedAtMs,
        withoutDetectionMs: firstCallMs - detectedMs,
      });
    }
  }

  return handOffs;
}

/**
 * Counts the DescribeJobs calls allowed: per target, one per poll interval from its first job to
 * one interval after its last job ended, plus one.
 */
function describeJobsAllowance(jobs: EmulatorJob[], pollIntervalMs: number): number {
  const windows = new Map<string, { fromMs: number; toMs: number }>();
  for (const job of jobs) {
    const target = `${job.accountID}/${job.region}`;
    const window = windows.get(target) ?? { fromMs: Infinity, toMs: -Infinity };
    window.fromMs = Math.min(window.fromMs, timeMs(job.createdAt));
    window.toMs = Math.max(window.toMs, timeMs(job.endedAt) + pollIntervalMs);
    windows.set(target, window);
  }
  let allowance = 0;
  for (const window of windows.values()) {
    allowance += Math.ceil((window.toMs - window.fromMs) / pollIntervalMs) + 1;
  }

  return allowance;
}

export function analyzeWorkload(
  record: WorkloadRecord,
  quotas: DrsQuotaLimits,
  pollIntervalMs: number,
): WorkloadAnalysis {
  const executionIds = new Set(record.executions.map((execution) => execution.executionId));
  const jobs = launchJobsOf(record.statsAfter, executionIds);
  const unfinished = jobs.filter((job) => job.endedAt === null);
  if (unfinished.length > 0) {
    throw new Error(`${unfinished.length} DRS job(s) of ${record.workload.name} had not ended when measured`);
  }

  const idealPlans: IdealPlan[] = record.executions.map((execution) => {
    const plan = record.workload.plans.find((item) => item.name === execution.planName);
    const waves: IdealWave[] = (plan?.waves ?? []).map((wave) => ({
      name: wave.name,
      dependsOn: wave.dependsOn,
      servers: idealServers(waveJobs(jobs, execution.executionId, wave.name)),
    }));

    return { name: execution.executionId, waves };
  });
  const jobStartDelayMs = Math.max(
    0,
    ...jobs.map(
      (job) => Math.min(...job.servers.map((server) => timeMs(server.startedAt))) - timeMs(job.createdAt),
    ),
  );
  const ideal = computeIdealSchedule({
    plans: idealPlans,
    maxConcurrentPlans: record.workload.maxConcurrentExecutions,
    quotas,
    jobStartDelayMs,
  });

  const calls = startRecoveryCallsOf(record.statsAfter, executionIds);
  const acceptedAtMs = calls.filter((call) => call.outcome === 'accepted').map((call) => timeMs(call.at));
  const finishedAtMs = jobs.flatMap((job) => job.servers.map((server) => timeMs(server.finishedAt)));
  const measuredMakespanMs = Math.max(...finishedAtMs) - Math.min(...acceptedAtMs);

  const handOffs = measureHandOffs(record, jobs);
  const callsByOperation = callsBetween(record.statsBefore, record.statsAfter);
  const statuses: Record<string, number> = {};
  record.executions.forEach(
    (execution) => (statuses[execution.status] = (statuses[execution.status] ?? 0) + 1),
  );
  const runServers = new Set(jobs.flatMap((job) => job.servers.map((server) => server.sourceServerID)));

  return {
    workload: record.workload.name,
    description: record.workload.description,
    executions: record.executions.length,
    executionStatuses: statuses,
    servers: runServers.size,
    idealMakespanMs: ideal.makespanMs,
    idealQuotaWaits: ideal.quotaWaits,
    measuredMakespanMs,
    makespanRatio: measuredMakespanMs / ideal.makespanMs,
    jobStartDelayMs,
    handOffs,
    handOff: summarizeLatencies(handOffs.map((item) => item.handOffMs)),
    handOffWithoutDetection: summarizeLatencies(handOffs.map((item) => item.withoutDetectionMs)),
    detection: summarizeLatencies(handOffs.map((item) => item.detectionMs)),
    callsByOperation,
    startRecoveryCalls: calls.length,
    minimumStartRecoveryCalls: idealPlans.reduce(
      (sum, plan) => sum + minimumStartRecoveryCalls(plan.waves, quotas.maxServersPerJob),
      0,
    ),
    describeJobsCalls: callsByOperation.DescribeJobs ?? 0,
    describeJobsAllowance: describeJobsAllowance(jobs, pollIntervalMs),
    maxJobsInFlight: record.statsAfter.maxJobsInFlight,
    maxServersInFlight: record.statsAfter.maxServersInFlight,
    quotaRefusals: record.statsAfter.quotaRefusals - record.statsBefore.quotaRefusals,
    maxJobsPerServer: Math.max(0, ...[...runServers].map((id) => record.statsAfter.jobsPerServer[id] ?? 0)),
  };
}
