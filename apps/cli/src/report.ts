import type { ExecutionEventMessage, ExecutionView } from '@drs/contracts';
import type { ReadinessWarning } from '@drs/domain';

export interface WaveReport {
  name: string;
  launchOrder: string;
  status: string;
  servers: number;
  launched: number;
  failed: number;
  startedAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
}

export interface ExecutionReport {
  executionId: string;
  plan: string;
  planVersion: number;
  mode: string;
  status: string;
  statusReason: string | null;
  startedAt: string | null;
  endedAt: string | null;
  durationSeconds: number | null;
  waves: WaveReport[];
  servers: { total: number; launched: number; failed: number; withRecoveryInstance: number };
  /** Launch retries by reason: conflicts, throttling and quota waits absorbed without failing. */
  retriesAbsorbed: Record<string, number>;
  /** Calls that reached DRS, by operation, as counted by DRS (the emulator's statistics). */
  drsCallsByOperation: Record<string, number>;
  startRecoveryJobsStarted: number;
  readinessWarnings: ReadinessWarning[];
  cleanup: { status: string; terminated: number } | null;
}

function seconds(from: string | null, to: string | null): number | null {
  if (!from || !to) {
    return null;
  }

  return Math.round((Date.parse(to) - Date.parse(from)) / 100) / 10;
}

export function buildReport(
  view: ExecutionView,
  events: ExecutionEventMessage[],
  drsCallsByOperation: Record<string, number>,
): ExecutionReport {
  const servers = view.waves.flatMap((wave) => wave.servers);
  const retriesAbsorbed: Record<string, number> = {};
  let jobsStarted = 0;
  let cleanup: ExecutionReport['cleanup'] = null;
  for (const event of events) {
    if (event.type === 'batch.retry-scheduled') {
      const reason = (event.payload as { reason: string }).reason;
      retriesAbsorbed[reason] = (retriesAbsorbed[reason] ?? 0) + 1;
    }
    if (event.type === 'batch.submitted' && !(event.payload as { recovered: boolean }).recovered) {
      jobsStarted += 1;
    }
    if (event.type === 'cleanup.completed') {
      const payload = event.payload as { status: string; terminated: number };
      cleanup = { status: payload.status, terminated: payload.terminated };
    }
  }

  return {
    executionId: view.id,
    plan: view.planName,
    planVersion: view.planVersion,
    mode: view.mode,
    status: view.status,
    statusReason: view.statusReason,
    startedAt: view.startedAt,
    endedAt: view.endedAt,
    durationSeconds: seconds(view.startedAt, view.endedAt),
    waves: view.waves.map((wave) => ({
      name: wave.name,
      launchOrder: wave.launchOrder,
      status: wave.status,
      servers: wave.servers.length,
      launched: wave.servers.filter((server) => server.status === 'LAUNCHED').length,
      failed: wave.servers.filter((server) => server.status === 'FAILED').length,
      startedAt: wave.startedAt,
      endedAt: wave.endedAt,
      durationSeconds: seconds(wave.startedAt, wave.endedAt),
    })),
    servers: {
      total: servers.length,
      launched: servers.filter((server) => server.status === 'LAUNCHED').length,
      failed: servers.filter((server) => server.status === 'FAILED').length,
      withRecoveryInstance: servers.filter((server) => server.recoveryInstanceId !== null).length,
    },
    retriesAbsorbed,
    drsCallsByOperation,
    startRecoveryJobsStarted: jobsStarted,
    readinessWarnings: view.readinessWarnings,
    cleanup,
  };
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();

  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

function clock(iso: string | null): string {
  return iso ? iso.slice(11, 23) : '-';
}

export function renderReport(report: ExecutionReport): string {
  const lines: string[] = [];
  lines.push(
    `Execution ${report.executionId}: ${report.mode} of plan "${report.plan}" v${report.planVersion}`,
  );
  lines.push(
    `Status ${report.status}${report.statusReason ? ` (${report.statusReason})` : ''}, ` +
      `${report.servers.launched}/${report.servers.total} servers launched, ${report.servers.failed} failed, ` +
      `${report.durationSeconds ?? '-'} s`,
  );
  lines.push('');
  lines.push(
    table(
      ['wave', 'order', 'status', 'servers', 'launched', 'failed', 'start', 'end', 'duration'],
      report.waves.map((wave) => [
        wave.name,
        wave.launchOrder,
        wave.status,
        String(wave.servers),
        String(wave.launched),
        String(wave.failed),
        clock(wave.startedAt),
        clock(wave.endedAt),
        wave.durationSeconds === null ? '-' : `${wave.durationSeconds} s`,
      ]),
    ),
  );
  lines.push('');
  const retries = Object.entries(report.retriesAbsorbed);
  lines.push(
    `Retries absorbed: ${retries.length === 0 ? 'none' : retries.map(([reason, count]) => `${count} ${reason}`).join(', ')}`,
  );
  const startRecoveryCalls = report.drsCallsByOperation.StartRecovery ?? 0;
  lines.push(
    `StartRecovery calls: ${startRecoveryCalls} for ${report.startRecoveryJobsStarted} DRS launch job(s) ` +
      `(${startRecoveryCalls - report.startRecoveryJobsStarted} refused and retried)`,
  );
  lines.push(
    `DRS calls by operation: ${Object.entries(report.drsCallsByOperation)
      .sort(([left], [right]) => left.localeCompare(right))
      .map(([operation, count]) => `${operation} ${count}`)
      .join(', ')}`,
  );
  lines.push('');
  const byServer = new Map<string, string[]>();
  for (const warning of report.readinessWarnings) {
    byServer.set(warning.sourceServerId, [...(byServer.get(warning.sourceServerId) ?? []), warning.message]);
  }
  lines.push(`Readiness warnings: ${byServer.size} server(s)`);
  for (const messages of byServer.values()) {
    messages.forEach((message, index) => lines.push(`  ${index === 0 ? '-' : ' '} ${message}`));
  }
  if (report.cleanup) {
    lines.push('');
    lines.push(`Cleanup ${report.cleanup.status}: ${report.cleanup.terminated} drill instance(s) terminated`);
  }

  return lines.join('\n');
}
