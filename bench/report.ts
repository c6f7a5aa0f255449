import type { ApiLoadResult } from './api-load';
import type { LatencySummary } from './latency-summary';
import type { WorkloadAnalysis } from './run-analysis';
import type { SubscriberResult } from './subscriber-pool';

/** One line of the table: a measured value and, where there is one, the target it is checked against. */
export interface ReportRow {
  scenario: string;
  metric: string;
  value: string;
  target: string;
  verdict: 'PASS' | 'FAIL' | '';
}

export interface BenchReport {
  startedAt: string;
  durationSeconds: number;
  command: string;
  machine: {
    cpus: number;
    memoryGiB: number;
    node: string;
    platform: string;
    /** One-minute load averages; anything else running on the machine skews the numbers. */
    loadAverageAtStart: number;
    loadAverageAtEnd: number;
  };
  settings: Record<string, unknown>;
  workloads: WorkloadAnalysis[];
  events: SubscriberResult | null;
  apiLoad: ApiLoadResult[];
  /** Peak resident memory in MiB per service, by the moment it was read. */
  peakMemoryMiB: Record<string, Record<string, number | null>>;
  rows: ReportRow[];
}

/** The limits the benchmark checks, written once so the table and the checks cannot drift apart. */
export const TARGETS = {
  makespanRatioSmallPlan: 1.05,
  makespanRatioLargeRun: 1.1,
  handOffP99Ms: 250,
  eventLatencyP99Ms: 100,
  apiReadP99Ms: 50,
  apiReadRatePerSecond: 300,
  servicePeakMemoryMiB: 200,
} as const;

function milliseconds(value: number | null): string {
  return value === null ? 'n/a' : `${Math.round(value)} ms`;
}

function seconds(valueMs: number): string {
  return `${(valueMs / 1000).toFixed(2)} s`;
}

function percentiles(summary: LatencySummary): string {
  return `p50 ${milliseconds(summary.p50Ms)}, p99 ${milliseconds(summary.p99Ms)} (n=${summary.count})`;
}

function verdict(passed: boolean): 'PASS' | 'FAIL' {
  return passed ? 'PASS' : 'FAIL';
}

function workloadRows(analysis: WorkloadAnalysis, ratioTarget: number | null): ReportRow[] {
  const scenario = analysis.workload;
  const rows: ReportRow[] = [
    {
      scenario,
      metric: 'executions',
      value: `${analysis.executions} (${Object.entries(analysis.executionStatuses)
        .map(([status, count]) => `${count} ${status}`)
        .join(', ')}), ${analysis.servers} servers`,
      target: '',
      verdict: '',
    },
    {
      scenario,
      metric: 'makespan ideal / measured',
      value: `${seconds(analysis.idealMakespanMs)} / ${seconds(analysis.measuredMakespanMs)}`,
      target: '',
      verdict: '',
    },
    {
      scenario,
      metric: 'makespan ratio',
      value: analysis.makespanRatio.toFixed(3),
      target: ratioTarget === null ? '' : `<= ${ratioTarget.toFixed(2)}`,
      verdict: ratioTarget === null ? '' : verdict(analysis.makespanRatio <= ratioTarget),
    },
    {
      scenario,
      metric: 'quota refusals (DRS)',
      value: `${analysis.quotaRefusals}; peak ${analysis.maxJobsInFlight} jobs, ${analysis.maxServersInFlight} servers in flight`,
      target: '0',
      verdict: verdict(analysis.quotaRefusals === 0),
    },
  ];
  if (analysis.handOffs.length > 0) {
    rows.push(
      {
        scenario,
        metric: 'wave hand-off, with detection',
        value: percentiles(analysis.handOff),
        target: '',
        verdict: '',
      },
      {
        scenario,
        metric: 'detection delay',
        value: percentiles(analysis.detection),
        target: '',
        verdict: '',
      },
      {
        scenario,
        metric: 'wave hand-off, without detection',
        value: percentiles(analysis.handOffWithoutDetection),
        target: `p99 <= ${TARGETS.handOffP99Ms} ms`,
        verdict: verdict((analysis.handOffWithoutDetection.p99Ms ?? Infinity) <= TARGETS.handOffP99Ms),
      },
    );
  }
  rows.push(
    {
      scenario,
      metric: 'StartRecovery calls',
      value: `${analysis.startRecoveryCalls} (minimum ${analysis.minimumStartRecoveryCalls})`,
      target: '= minimum',
      verdict: verdict(analysis.startRecoveryCalls === analysis.minimumStartRecoveryCalls),
    },
    {
      scenario,
      metric: 'DescribeJobs calls',
      value: `${analysis.describeJobsCalls} (allowance ${analysis.describeJobsAllowance})`,
      target: '<= 1 per target per poll',
      verdict: verdict(analysis.describeJobsCalls <= analysis.describeJobsAllowance),
    },
    {
      scenario,
      metric: 'DRS calls by operation',
      value: Object.entries(analysis.callsByOperation)
        .map(([operation, count]) => `${operation} ${count}`)
        .join(', '),
      target: '',
      verdict: '',
    },
  );

  return rows;
}

function eventRows(events: SubscriberResult): ReportRow[] {
  return [
    {
      scenario: 'three-tier-100',
      metric: `event latency, ${events.clients} subscribers`,
      value:
        `${percentiles(events.latency)}; ${events.gaps} gaps, ${events.completedClients} saw the end; ` +
        `while subscribing ${percentiles(events.duringSubscribe)}; ` +
        `timed in the subscriber process ${percentiles(events.latencyInProcess)}`,
      target: `p99 <= ${TARGETS.eventLatencyP99Ms} ms`,
      verdict: verdict(
        (events.latency.p99Ms ?? Infinity) <= TARGETS.eventLatencyP99Ms &&
          events.gaps === 0 &&
          events.completedClients === events.clients,
      ),
    },
  ];
}

function apiRows(results: ApiLoadResult[]): ReportRow[] {
  return results.map((result) => {
    const checked =
      result.name === 'read execution' && result.targetRatePerSecond === TARGETS.apiReadRatePerSecond;
    const rate = result.targetRatePerSecond === null ? 'max rate' : `${result.targetRatePerSecond}/s`;

    return {
      scenario: 'enterprise-1000',
      metric: `API ${result.name} (${rate})`,
      value:
        `p50 ${milliseconds(result.p50Ms)}, p99 ${milliseconds(result.p99Ms)}, ${Math.round(result.requestsPerSecond)} req/s` +
        (result.non2xx + result.errors > 0 ? `, ${result.non2xx} non-2xx, ${result.errors} errors` : ''),
      target: checked ? `p99 <= ${TARGETS.apiReadP99Ms} ms` : '',
      verdict: checked
        ? verdict(result.p99Ms <= TARGETS.apiReadP99Ms && result.non2xx === 0 && result.errors === 0)
        : '',
    };
  });
}

function memoryRows(
  peakMemoryMiB: Record<string, Record<string, number | null>>,
  checkedStack: string,
): ReportRow[] {
  const rows: ReportRow[] = [];
  for (const [stack, services] of Object.entries(peakMemoryMiB)) {
    for (const [service, peak] of Object.entries(services)) {
      const checked = stack === checkedStack && service !== 'drs-emulator';
      rows.push({
        scenario: stack,
        metric: `peak RSS ${service}`,
        value: peak === null ? 'n/a' : `${peak.toFixed(0)} MiB`,
        target: checked ? `< ${TARGETS.servicePeakMemoryMiB} MiB` : '',
        verdict: checked ? verdict(peak !== null && peak < TARGETS.servicePeakMemoryMiB) : '',
      });
    }
  }

  return rows;
}

/** Builds the table rows from the measurements; the ratio target depends on the scenario. */
export function buildRows(
  workloads: WorkloadAnalysis[],
  events: SubscriberResult | null,
  apiLoad: ApiLoadResult[],
  peakMemoryMiB: Record<string, Record<string, number | null>>,
  checkedMemoryKey: string,
): ReportRow[] {
  const ratioTargets: Record<string, number> = {
    'three-tier-100': TARGETS.makespanRatioSmallPlan,
    'enterprise-1000': TARGETS.makespanRatioLargeRun,
  };

  return [
    ...workloads.flatMap((analysis) => workloadRows(analysis, ratioTargets[analysis.workload] ?? null)),
    ...(events ? eventRows(events) : []),
    ...apiRows(apiLoad),
    ...memoryRows(peakMemoryMiB, checkedMemoryKey),
  ];
}

/** Renders the rows as a Markdown table, readable in a terminal and pasteable into docs. */
export function renderTable(rows: ReportRow[]): string {
  const header = ['scenario', 'metric', 'value', 'target', 'result'];
  const cells = rows.map((row) => [row.scenario, row.metric, row.value, row.target, row.verdict]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => line[column].length)),
  );
  const line = (values: string[]) =>
    `| ${values.map((value, column) => value.padEnd(widths[column])).join(' | ')} |`;

  return [
    line(header),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...cells.map(line),
  ].join('\n');
}
