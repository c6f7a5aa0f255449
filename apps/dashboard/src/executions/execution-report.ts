import type { ExecutionEventMessage, ExecutionEventPayloads, ExecutionView } from '@drs/contracts';
import type { ReadinessWarning } from '@drs/domain';

import { countExecutionServers, countWaveServers, ServerCounts } from './execution-progress';

export interface WaveReport {
  name: string;
  status: string;
  statusReason: string | null;
  startedAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
  counts: ServerCounts;
}

export interface DrsJobReport {
  drsJobId: string;
  wave: string;
  /** The batch's StartRecovery calls that started a job or had an unknown outcome; not the servers' launch attempt. */
  attempt: number;
  serverCount: number;
  accountId: string;
  region: string;
  /** True when the launcher found an earlier try's job by its tags instead of starting a new one. */
  recovered: boolean;
}

export interface CleanupReport {
  status: string;
  /** Recovery instances terminated and failed to terminate; null until cleanup has completed. */
  terminated: number | null;
  failed: number | null;
  drsJobIds: string[];
}

/** A summary of one run, built from its view and its stored events. */
export interface ExecutionReport {
  durationSeconds: number | null;
  counts: ServerCounts;
  waves: WaveReport[];
  drsJobs: DrsJobReport[];
  /** Times a batch had to wait and try DRS again (conflict, throttling, capacity). */
  batchRetries: number;
  /** Servers an operator sent again after they failed. */
  serverRetries: number;
  readinessWarnings: ReadinessWarning[];
  cleanup: CleanupReport;
}

function seconds(start: string | null, end: string | null): number | null {
  return start && end ? Math.max(0, (Date.parse(end) - Date.parse(start)) / 1000) : null;
}

export function buildExecutionReport(
  view: ExecutionView,
  events: readonly ExecutionEventMessage[],
): ExecutionReport {
  const drsJobs: DrsJobReport[] = [];
  const cleanupJobIds: string[] = [];
  let batchRetries = 0;
  let serverRetries = 0;
  let cleanupResult: ExecutionEventPayloads['cleanup.completed'] | null = null;

  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    if (event.type === 'batch.submitted') {
      const submitted = event.payload as ExecutionEventPayloads['batch.submitted'];
      drsJobs.push({
        drsJobId: submitted.drsJobId,
        wave: submitted.wave,
        attempt: submitted.attempt,
        serverCount: submitted.sourceServerIds.length,
        accountId: submitted.accountId,
        region: submitted.region,
        recovered: submitted.recovered,
      });
    } else if (event.type === 'batch.retry-scheduled') {
      batchRetries += 1;
    } else if (event.type === 'server.retry-requested') {
      serverRetries += (event.payload as ExecutionEventPayloads['server.retry-requested']).sourceServerIds
        .length;
    } else if (event.type === 'cleanup.job-submitted') {
      cleanupJobIds.push((event.payload as ExecutionEventPayloads['cleanup.job-submitted']).drsJobId);
    } else if (event.type === 'cleanup.completed') {
      cleanupResult = event.payload as ExecutionEventPayloads['cleanup.completed'];
    }
  }

  return {
    durationSeconds: seconds(view.startedAt, view.endedAt),
    counts: countExecutionServers(view),
    waves: view.waves.map((wave) => ({
      name: wave.name,
      status: wave.status,
      statusReason: wave.statusReason,
      startedAt: wave.startedAt,
      endedAt: wave.endedAt,
      durationSeconds: seconds(wave.startedAt, wave.endedAt),
      counts: countWaveServers(wave),
    })),
    drsJobs,
    batchRetries,
    serverRetries,
    readinessWarnings: view.readinessWarnings,
    cleanup: {
      status: view.cleanupStatus,
      terminated: cleanupResult?.terminated ?? null,
      failed: cleanupResult?.failed ?? null,
      drsJobIds: cleanupJobIds,
    },
  };
}

/** Names the report file after the plan, mode, day and run, such as `orders-drill-2026-12-04-1a2b3c4d.json`. */
export function reportFileName(view: ExecutionView): string {
  const plan = view.planName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'execution';
  const day = (view.startedAt ?? view.createdAt).slice(0, 10);

  return `${plan}-${view.mode.toLowerCase()}-${day}-${view.id.slice(0, 8)}.json`;
}

/** Serializes the downloadable report: the summary, the full view and every stored event. */
export function reportDocument(view: ExecutionView, events: readonly ExecutionEventMessage[]): string {
  const document = {
    executionId: view.id,
    planName: view.planName,
    planVersion: view.planVersion,
    mode: view.mode,
    status: view.status,
    statusReason: view.statusReason,
    summary: buildExecutionReport(view, events),
    view,
    events,
  };

  return JSON.stringify(document, null, 2);
}
