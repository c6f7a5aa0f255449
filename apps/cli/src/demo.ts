import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

import IORedis from 'ioredis';
import { Client } from 'pg';

import type { AppConfig } from '@drs/config';
import type { ExecutionEventMessage, ExecutionView } from '@drs/contracts';
import { findRepositoryRoot, LocalStack } from '@drs/local-stack';
import { describeDatabaseConnectionError, migrate } from '@drs/persistence';
import { describeRedisConnectionError } from '@drs/messaging';

import { ApiClient } from './api-client';
import { ExecutionWatcher } from './execution-watcher';
import { buildReport, renderReport } from './report';
import { runUsersCommand } from './users-command';

export interface DemoOptions {
  config: AppConfig;
  /** Emulator time scale; 0.01 turns a 20-minute Windows launch into 12 seconds. */
  timeScale: number;
  seed: number;
  reportDir: string;
  /** Print every line the services log. */
  verbose: boolean;
  /** Environment handed to the service processes (PATH and the like). */
  inheritedEnv: Record<string, string>;
  /** Where progress and the report go; standard output by default. */
  print?: (line: string) => void;
}

const ACCOUNT_ID = '123456789012';
const REGION = 'us-east-1';
const APPLICATION = 'orders';
const TIERS = ['database', 'app', 'web', 'monitoring'] as const;
const PLAN_NAME = 'orders-three-tier';
/** The demo acts as this user, with the least role that may run and clean up a drill. */
const DEMO_USER = 'demo-operator';

interface GroupSummary {
  id: string;
  name: string;
}

interface PlanSummary {
  id: string;
  name: string;
}

interface EmulatorStats {
  callsByOperation: Record<string, number>;
  jobs: Array<{ type: string; servers: Array<{ sourceServerID: string }> }>;
}

export async function checkServices(config: AppConfig): Promise<void> {
  const url = new URL(config.databaseUrl);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(describeDatabaseConnectionError(config.databaseUrl, error));
  } finally {
    await client.end().catch(() => undefined);
  }

  const redis = new IORedis(config.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // ioredis reports the socket error (ECONNREFUSED) as an event and rejects with a generic one.
  let socketError: unknown = null;
  redis.on('error', (error) => (socketError = error));
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(describeRedisConnectionError(config.redisUrl, socketError ?? error));
  } finally {
    redis.disconnect();
  }
}

/** Creates the group, or updates the one of the same name, as "plans as code" would. */
async function applyGroup(api: ApiClient, existing: GroupSummary[], tier: string): Promise<GroupSummary> {
  const body = {
    name: `${APPLICATION}-${tier}`,
    description: `Servers of application "${APPLICATION}" tagged Tier=${tier}`,
    accountId: ACCOUNT_ID,
    region: REGION,
    tagSelector: { Application: [APPLICATION], Tier: [tier] },
  };
  const found = existing.find((group) => group.name === body.name);

  return found
    ? api.put<GroupSummary>(`/protection-groups/${found.id}`, body)
    : api.post<GroupSummary>('/protection-groups', body);
}

async function applyPlan(api: ApiClient, groups: Map<string, GroupSummary>): Promise<PlanSummary> {
  const body = {
    name: PLAN_NAME,
    description: `Recover "${APPLICATION}" tier by tier: database, app, web, then monitoring`,
    waves: TIERS.map((tier, index) => ({
      name: tier,
      protectionGroupIds: [(groups.get(tier) as GroupSummary).id],
      launchOrder: 'parallel',
      dependsOn: index === 0 ? [] : [TIERS[index - 1]],
    })),
  };
  const plans = await api.get<{ items: PlanSummary[] } | PlanSummary[]>('/recovery-plans');
  const list = Array.isArray(plans) ? plans : plans.items;
  const found = list.find((plan) => plan.name === PLAN_NAME);

  return found
    ? api.put<PlanSummary>(`/recovery-plans/${found.id}`, body)
    : api.post<PlanSummary>('/recovery-plans', body);
}

async function readAllEvents(api: ApiClient, executionId: string): Promise<ExecutionEventMessage[]> {
  const events: ExecutionEventMessage[] = [];
  for (;;) {
    const afterSeq = events.length === 0 ? 0 : events[events.length - 1].seq;
    const page = await api.get<{ items: ExecutionEventMessage[] }>(
      `/executions/${executionId}/events?afterSeq=${afterSeq}&limit=500`,
    );
    events.push(...page.items);
    if (page.items.length < 500) {
      return events;
    }
  }
}

/** Prints progress lines from the event stream and resolves when the awaited event arrives. */
class ProgressPrinter {
  private readonly startedAt = Date.now();

  constructor(private readonly out: (line: string) => void) {}

  private launched = 0;
  private total = 0;
  private lastProgressAt = 0;
  private readonly waiters = new Map<string, () => void>();

  waitFor(type: string): Promise<void> {
    return new Promise((resolve) => this.waiters.set(type, resolve));
  }

  snapshot(view: ExecutionView): void {
    const servers = view.waves.flatMap((wave) => wave.servers);
    this.total = servers.length;
    this.launched = servers.filter((server) => server.status === 'LAUNCHED').length;
    if (view.status === 'SUCCEEDED' || view.status === 'FAILED' || view.status === 'CANCELLED') {
      this.waiters.get('execution.completed')?.();
    }
  }

  event(event: ExecutionEventMessage): void {
    const payload = event.payload as Record<string, unknown>;
    switch (event.type) {
      case 'execution.started': {
        this.total = payload.serverCount as number;
        const warned = new Set(
          (payload.readinessWarnings as Array<{ sourceServerId: string }>).map(
            (warning) => warning.sourceServerId,
          ),
        );
        this.print(
          `drill started: ${this.total} servers in ${(payload.waves as unknown[]).length} waves, ` +
            `${warned.size} server(s) with readiness warnings`,
        );
        break;
      }
      case 'wave.started':
        this.print(
          `wave "${payload.wave}" started: ${payload.serverCount} servers in ${payload.batchCount} DRS job(s)`,
        );
        break;
      case 'batch.submitted':
        this.print(
          `wave "${payload.wave}": DRS job ${payload.drsJobId} accepted ${(payload.sourceServerIds as unknown[]).length} servers`,
        );
        break;
      case 'batch.retry-scheduled':
        this.print(
          `wave "${payload.wave}": StartRecovery not accepted (${payload.reason}` +
            `${payload.blockingResourceId ? `, blocked by ${payload.blockingResourceId}` : ''}); retry in ${payload.retryInMs} ms`,
        );
        break;
      case 'server.status':
        if (payload.status === 'LAUNCHED') {
          this.launched += 1;
          if (Date.now() - this.lastProgressAt > 2_000) {
            this.lastProgressAt = Date.now();
            this.print(`${this.launched}/${this.total} servers launched`);
          }
        } else if (payload.status === 'FAILED') {
          this.print(`server ${payload.hostname ?? payload.sourceServerId} FAILED: ${payload.failureReason}`);
        }
        break;
      case 'wave.completed':
        this.print(
          `wave "${payload.wave}" ${payload.status}: ${payload.launched} launched, ${payload.failed} failed`,
        );
        break;
      case 'wave.skipped':
        this.print(`wave "${payload.wave}" skipped: ${payload.reason}`);
        break;
      case 'execution.completed':
        this.print(`drill ${payload.status}${payload.reason ? `: ${payload.reason}` : ''}`);
        break;
      case 'cleanup.job-submitted':
        this.print(
          `cleanup: DRS job ${payload.drsJobId} terminating ${(payload.recoveryInstanceIds as unknown[]).length} drill instance(s)`,
        );
        break;
      case 'cleanup.completed':
        this.print(`cleanup ${payload.status}: ${payload.terminated} drill instance(s) terminated`);
        break;
    }
    this.waiters.get(event.type)?.();
  }

  private print(message: string): void {
    const elapsed = ((Date.now() - this.startedAt) / 1000).toFixed(1).padStart(6);
    this.out(`[${elapsed} s] ${message}`);
  }
}

/**
 * The main job: a full drill of the example plan against the DRS emulator, driven only through
 * the public REST API and the status WebSocket, ending in a report and a cleanup.
 * Returns the process exit code.
 */
export async function runDemo(options: DemoOptions): Promise<number> {
  const { config } = options;
  const print = options.print ?? ((line: string) => console.log(line));
  await checkServices(config);
  const { created, applied } = await migrate(config.databaseUrl);
  if (created || applied.length > 0) {
    print(`Database prepared (${applied.length} migration(s) applied).`);
  }

  const runId = new Date().toISOString().replace(/[:.]/g, '-');
  const root = findRepositoryRoot();
  const reportDir = isAbsolute(options.reportDir) ? options.reportDir : join(root, options.reportDir);
  const logDir = join(reportDir, 'logs', `demo-${runId}`);
  print(
    `Starting the DRS emulator (three-tier-100, time scale ${options.timeScale}) and the four services...`,
  );
  const stack = await LocalStack.start({
    databaseUrl: config.databaseUrl,
    redisUrl: config.redisUrl,
    queuePrefix: `demo-${runId}`,
    scenarios: ['three-tier-100'],
    timeScale: options.timeScale,
    seed: options.seed,
    drsTargets: [`${ACCOUNT_ID}/${REGION}`],
    logDir,
    echo: options.verbose ? print : undefined,
    extraEnv: options.inheritedEnv,
  });
  const watchers: ExecutionWatcher[] = [];
  try {
    print(
      `API ${stack.apiUrl}/api/docs, status ${stack.statusUrl}, DRS emulator ${stack.emulatorUrl}; logs in ${logDir}`,
    );
    // A fresh random password each run, set through the same command an admin uses.
    const password = randomBytes(18).toString('base64url');
    await runUsersCommand(
      ['add', DEMO_USER, '--role', 'operator'],
      config.databaseUrl,
      { DRSCTL_PASSWORD: password },
      print,
    );
    const api = new ApiClient(stack.apiUrl);
    await api.signIn(DEMO_USER, password);
    print(`Signed in as ${DEMO_USER}; the token is sent to the REST API and the status socket.`);

    const inventory = await api.get<{ items: Array<{ tags?: Record<string, string> }> }>(
      '/drs/source-servers',
    );
    const inApplication = inventory.items.filter((server) => server.tags?.Application === APPLICATION).length;
    print(
      `DRS holds ${inventory.items.length} source servers, ${inApplication} of application "${APPLICATION}".`,
    );

    const existingGroups = await api.get<{ items: GroupSummary[] } | GroupSummary[]>('/protection-groups');
    const groupList = Array.isArray(existingGroups) ? existingGroups : existingGroups.items;
    const groups = new Map<string, GroupSummary>();
    for (const tier of TIERS) {
      groups.set(tier, await applyGroup(api, groupList, tier));
    }
    const plan = await applyPlan(api, groups);
    print(`Plan "${plan.name}": ${TIERS.join(' -> ')}, one protection group per tier (tag selector).`);

    const { id: executionId } = await api.post<{ id: string }>('/executions', {
      planId: plan.id,
      mode: 'DRILL',
    });
    print(`Drill ${executionId} accepted; following it live over the WebSocket.`);
    const progress = new ProgressPrinter(print);
    const finished = progress.waitFor('execution.completed');
    const watcher = new ExecutionWatcher(stack.statusUrl, api, executionId, {
      onSnapshot: (snapshot) => progress.snapshot(snapshot),
      onEvent: (event) => progress.event(event),
    });
    watchers.push(watcher);
    await watcher.start();
    await finished;

    const cleaned = progress.waitFor('cleanup.completed');
    await api.post(`/executions/${executionId}/cleanup`);
    await cleaned;

    const view = await api.get<ExecutionView>(`/executions/${executionId}`);
    const events = await readAllEvents(api, executionId);
    const statsResponse = await fetch(`${stack.emulatorUrl}/__emulator/stats`);
    const stats = (await statsResponse.json()) as EmulatorStats;
    const report = buildReport(view, events, stats.callsByOperation);
    const planned = new Set(
      view.waves.flatMap((wave) => wave.servers.map((server) => server.sourceServerId)),
    );
    const outsidePlan = new Set(
      stats.jobs
        .filter((job) => job.type === 'LAUNCH')
        .flatMap((job) => job.servers.map((server) => server.sourceServerID))
        .filter((id) => !planned.has(id)),
    );

    print('');
    print(renderReport(report));
    print(`Servers outside the plan launched by DRS: ${outsidePlan.size}`);
    mkdirSync(reportDir, { recursive: true });
    const reportFile = join(reportDir, `demo-${runId}.json`);
    writeFileSync(
      reportFile,
      `${JSON.stringify({ ...report, serversOutsidePlanLaunched: outsidePlan.size }, null, 2)}\n`,
    );
    print(`Report written to ${reportFile}`);

    const succeeded =
      report.status === 'SUCCEEDED' && report.cleanup?.status === 'COMPLETED' && outsidePlan.size === 0;

    return succeeded ? 0 : 1;
  } finally {
    watchers.forEach((watcher) => watcher.close());
    await stack.stop();
  }
}
