import 'reflect-metadata';

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, totalmem } from 'node:os';
import { isAbsolute, join } from 'node:path';

import { ConfigError, loadConfig } from '@drs/config';
import { findRepositoryRoot } from '@drs/local-stack';

import { ApiLoadResult, measureApiLoad } from './api-load';
import { BENCH_USAGE, BenchOptions, BenchUsageError, parseBenchOptions } from './bench-options';
import { BenchStack } from './bench-stack';
import type { DrsQuotaLimits } from './ideal-schedule';
import { BenchReport, buildRows, renderTable, TARGETS } from './report';
import { analyzeWorkload, WorkloadAnalysis } from './run-analysis';
import { SubscriberPool, SubscriberResult } from './subscriber-pool';
import { createWorkloadPlans, runWorkload } from './workload-runner';
import {
  enterpriseWorkload,
  singleWaveWorkload,
  threeTierWorkload,
  Workload,
  workloadTargets,
} from './workloads';

/** The DRS quotas the services run with (their defaults) and the ideal schedule obeys. */
const DRS_QUOTAS: DrsQuotaLimits = {
  maxServersPerJob: 100,
  maxJobsInProgress: 20,
  maxServersInActiveJobs: 500,
};
const EXECUTION_TIMEOUT_MS = 10 * 60_000;
/** The memory target applies to the services while they orchestrate the 1,000-server run. */
const ENTERPRISE_MEMORY_KEY = 'enterprise-1000';

interface StageResult {
  workloads: WorkloadAnalysis[];
  events: SubscriberResult | null;
  apiLoad: ApiLoadResult[];
  /** Peak resident memory per service in MiB, by the moment it was read. */
  peakMemoryMiB: Record<string, Record<string, number | null>>;
}

interface BenchContext {
  options: BenchOptions;
  runId: string;
  databaseUrl: string;
  redisUrl: string;
  logRoot: string;
  log: (line: string) => void;
}

function openStack(context: BenchContext, label: string, scenarios: string[], workloads: Workload[]) {
  const targets = [...new Set(workloads.flatMap((workload) => workloadTargets(workload)))];
  context.log(`Starting the emulator (${scenarios.join(', ')}) and the four services for ${label}...`);

  return BenchStack.open({
    label,
    runId: context.runId,
    databaseUrl: context.databaseUrl,
    redisUrl: context.redisUrl,
    scenarios,
    drsTargets: targets,
    options: context.options,
    logRoot: context.logRoot,
    log: context.log,
  });
}

async function runAndAnalyze(
  context: BenchContext,
  bench: BenchStack,
  workload: Workload,
  onExecutionCreated?: (executionId: string) => Promise<void>,
): Promise<WorkloadAnalysis> {
  const planIds = await createWorkloadPlans(bench.api, workload);
  context.log(`Running ${workload.name}: ${workload.description}`);
  const record = await runWorkload(workload, planIds, {
    api: bench.api,
    emulatorUrl: bench.stack.emulatorUrl,
    completions: bench.completions,
    executionTimeoutMs: EXECUTION_TIMEOUT_MS,
    log: context.log,
    onExecutionCreated,
  });

  return analyzeWorkload(record, DRS_QUOTAS, context.options.jobPollIntervalMs);
}

/**
 * Stage one: three-tier-100 with the WebSocket subscribers attached, then the single wave of 250
 * servers, on one stack that loads both inventories (their accounts differ).
 */
async function runSmallStage(context: BenchContext): Promise<StageResult> {
  const threeTier = threeTierWorkload();
  const singleWave = singleWaveWorkload();
  const bench = await openStack(
    context,
    'small',
    ['three-tier-100', 'enterprise-1000'],
    [threeTier, singleWave],
  );
  let pool: SubscriberPool | null = null;
  try {
    const { subscribers, subscriberProcesses } = context.options;
    pool = await SubscriberPool.start(bench.stack.statusUrl, bench.token, subscribers, subscriberProcesses);
    context.log(`${subscribers} WebSocket clients connected to the status service.`);
    const subscribed = pool;
    const threeTierAnalysis = await runAndAnalyze(context, bench, threeTier, (executionId) =>
      subscribed.subscribe(executionId),
    );
    await pool.waitForCompletion(10_000);
    const events = await pool.finish();
    pool = null;

    const singleWaveAnalysis = await runAndAnalyze(context, bench, singleWave);

    return {
      workloads: [threeTierAnalysis, singleWaveAnalysis],
      events,
      apiLoad: [],
      peakMemoryMiB: { 'three-tier + single-wave': bench.peakMemory() },
    };
  } finally {
    pool?.kill();
    await bench.close();
  }
}

/** Stage two: the twelve plans of enterprise-1000, then the API under load on the resulting data. */
async function runEnterpriseStage(context: BenchContext): Promise<StageResult> {
  const enterprise = enterpriseWorkload();
  const bench = await openStack(context, 'enterprise', ['enterprise-1000'], [enterprise]);
  try {
    const analysis = await runAndAnalyze(context, bench, enterprise);
    // Read before the API load test, which is a separate stress of the API alone.
    const afterRun = bench.peakMemory();

    const executions = await bench.api.get<{ items: Array<{ id: string; planName: string }> }>('/executions');
    const largestPlan = enterprise.plans[0].name;
    const largest = executions.items.find((execution) => execution.planName === largestPlan);
    if (!largest) {
      throw new Error(`no execution of plan "${largestPlan}" found for the API load test`);
    }
    const common = {
      apiUrl: bench.stack.apiUrl,
      token: bench.token,
      durationSeconds: context.options.apiLoadSeconds,
    };
    const runs = [
      {
        name: 'read execution',
        path: `/executions/${largest.id}`,
        ratePerSecond: TARGETS.apiReadRatePerSecond,
      },
      { name: 'list plans', path: '/recovery-plans', ratePerSecond: TARGETS.apiReadRatePerSecond },
      { name: 'read execution', path: `/executions/${largest.id}`, ratePerSecond: null },
      { name: 'list plans', path: '/recovery-plans', ratePerSecond: null },
    ];
    const apiLoad: ApiLoadResult[] = [];
    for (const run of runs) {
      context.log(`API load: ${run.name} at ${run.ratePerSecond ?? 'the highest'} requests per second...`);
      // At a fixed rate each connection waits for its response, so enough of them must be open to
      // reach the rate even when responses slow down.
      const connections = run.ratePerSecond === null ? 10 : 50;
      apiLoad.push(await measureApiLoad({ ...common, ...run, connections }));
    }

    return {
      workloads: [analysis],
      events: null,
      apiLoad,
      peakMemoryMiB: { [ENTERPRISE_MEMORY_KEY]: afterRun, 'enterprise-1000 + API load': bench.peakMemory() },
    };
  } finally {
    await bench.close();
  }
}

function machine(loadAverageAtStart: number): BenchReport['machine'] {
  return {
    cpus: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${platform()} ${process.arch}`,
    loadAverageAtStart,
    loadAverageAtEnd: loadavg()[0],
  };
}

async function runBench(options: BenchOptions): Promise<number> {
  const startedAt = new Date();
  const loadAverageAtStart = loadavg()[0];
  if (loadAverageAtStart > 0.5) {
    // Everything shares the machine's cores with the benchmark, so other work skews its numbers.
    console.log(
      `Note: the 1-minute load average is ${loadAverageAtStart.toFixed(2)} before the benchmark starts.`,
    );
  }
  const config = loadConfig(process.env);
  const root = findRepositoryRoot();
  const reportDir = isAbsolute(options.reportDir) ? options.reportDir : join(root, options.reportDir);
  const runId = startedAt.toISOString().replace(/\D/g, '').slice(0, 14);
  const context: BenchContext = {
    options,
    runId,
    databaseUrl: config.databaseUrl,
    redisUrl: config.redisUrl,
    logRoot: join(reportDir, 'logs', `bench-${runId}`),
    log: (line) => console.log(line),
  };

  const stages: StageResult[] = [];
  if (options.stage !== 'enterprise') {
    stages.push(await runSmallStage(context));
  }
  if (options.stage !== 'small') {
    stages.push(await runEnterpriseStage(context));
  }

  const workloads = stages.flatMap((stage) => stage.workloads);
  const events = stages.find((stage) => stage.events !== null)?.events ?? null;
  const apiLoad = stages.flatMap((stage) => stage.apiLoad);
  const peakMemoryMiB: Record<string, Record<string, number | null>> = Object.assign(
    {},
    ...stages.map((stage) => stage.peakMemoryMiB),
  );
  const rows = buildRows(workloads, events, apiLoad, peakMemoryMiB, ENTERPRISE_MEMORY_KEY);
  const durationSeconds = Math.round((Date.now() - startedAt.getTime()) / 100) / 10;
  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    durationSeconds,
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: machine(loadAverageAtStart),
    settings: { ...options, drsQuotas: DRS_QUOTAS },
    workloads,
    events,
    apiLoad,
    peakMemoryMiB,
    rows,
  };
  mkdirSync(reportDir, { recursive: true });
  const reportPath = join(reportDir, `bench-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`);

  const failed = rows.filter((row) => row.verdict === 'FAIL').length;
  const passed = rows.filter((row) => row.verdict === 'PASS').length;
  console.log(`\n${renderTable(rows)}\n`);
  console.log(
    `Time scale ${options.timeScale}, job poll interval ${options.jobPollIntervalMs} ms; ` +
      `${report.machine.cpus} CPUs, ${report.machine.memoryGiB} GiB, Node ${report.machine.node}; ` +
      `load average ${loadAverageAtStart.toFixed(2)} at the start, ${report.machine.loadAverageAtEnd.toFixed(2)} at the end.`,
  );
  console.log(`targets: ${passed} passed, ${failed} failed; took ${durationSeconds} s; report ${reportPath}`);

  return options.check && failed > 0 ? 1 : 0;
}

async function main(args: string[]): Promise<number> {
  if (args.includes('--help')) {
    console.log(BENCH_USAGE);
    return 0;
  }
  try {
    return await runBench(parseBenchOptions(args));
  } catch (error) {
    if (error instanceof BenchUsageError) {
      console.error(`bench: ${error.message}\n\n${BENCH_USAGE}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      console.error(`bench: ${error.message}`);
      return 2;
    }
    console.error(`bench failed: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
