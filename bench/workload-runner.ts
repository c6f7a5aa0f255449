import type { ExecutionEventMessage } from '@drs/contracts';

import type { ApiClient } from '../apps/cli/src/api-client';
import { fetchEmulatorStats } from './emulator-stats';
import { ExecutionCompletions } from './execution-completions';
import type { ExecutionRecord, WorkloadRecord } from './run-analysis';
import { GroupSpec, PlanSpec, Workload } from './workloads';

const EVENTS_PER_PAGE = 500;

export interface WorkloadRunOptions {
  api: ApiClient;
  emulatorUrl: string;
  completions: ExecutionCompletions;
  /** Longest time one execution may run before the benchmark gives up. */
  executionTimeoutMs: number;
  log: (line: string) => void;
  /** Runs right after an execution was created, before the benchmark waits for it. */
  onExecutionCreated?: (executionId: string) => Promise<void>;
}

async function createGroup(api: ApiClient, group: GroupSpec): Promise<string> {
  const body = {
    name: group.name,
    accountId: group.accountId,
    region: group.region,
    ...(group.tagSelector ? { tagSelector: group.tagSelector } : { sourceServerIds: group.sourceServerIds }),
  };

  return (await api.post<{ id: string }>('/protection-groups', body)).id;
}

async function createPlan(api: ApiClient, plan: PlanSpec): Promise<string> {
  const waves = [];
  for (const wave of plan.waves) {
    const protectionGroupIds: string[] = [];
    for (const group of wave.groups) {
      protectionGroupIds.push(await createGroup(api, group));
    }
    waves.push({ name: wave.name, protectionGroupIds, launchOrder: 'parallel', dependsOn: wave.dependsOn });
  }

  return (await api.post<{ id: string }>('/recovery-plans', { name: plan.name, waves })).id;
}

/** Creates the workload's groups and plans through the REST API and returns plan ids by name. */
export async function createWorkloadPlans(api: ApiClient, workload: Workload): Promise<Map<string, string>> {
  const planIds = new Map<string, string>();
  for (const plan of workload.plans) {
    planIds.set(plan.name, await createPlan(api, plan));
  }

  return planIds;
}

async function readAllEvents(api: ApiClient, executionId: string): Promise<ExecutionEventMessage[]> {
  const events: ExecutionEventMessage[] = [];
  for (;;) {
    const afterSeq = events.length === 0 ? 0 : events[events.length - 1].seq;
    const page = await api.get<{ items: ExecutionEventMessage[] }>(
      `/executions/${executionId}/events?afterSeq=${afterSeq}&limit=${EVENTS_PER_PAGE}`,
    );
    events.push(...page.items);
    if (page.items.length < EVENTS_PER_PAGE) {
      return events;
    }
  }
}

/**
 * Runs every plan of the workload as a drill, at most `maxConcurrentExecutions` at a time: each
 * place starts the next plan in order as soon as its execution has ended. Returns the executions
 * with their events and the emulator's stats from before and after.
 */
export async function runWorkload(
  workload: Workload,
  planIds: Map<string, string>,
  options: WorkloadRunOptions,
): Promise<WorkloadRecord> {
  const { api, log } = options;
  const statsBefore = await fetchEmulatorStats(options.emulatorUrl);
  const queue = [...workload.plans];
  const finished: Array<Omit<ExecutionRecord, 'events'>> = [];

  const runNext = async (): Promise<void> => {
    for (let plan = queue.shift(); plan; plan = queue.shift()) {
      const { id } = await api.post<{ id: string }>('/executions', {
        planId: planIds.get(plan.name),
        mode: 'DRILL',
      });
      await options.onExecutionCreated?.(id);
      const status = await options.completions.waitFor(id, options.executionTimeoutMs);
      log(`  ${workload.name}: plan "${plan.name}" ended ${status} (execution ${id})`);
      finished.push({ planName: plan.name, executionId: id, status });
    }
  };
  await Promise.all(Array.from({ length: workload.maxConcurrentExecutions }, () => runNext()));

  const statsAfter = await fetchEmulatorStats(options.emulatorUrl);
  const executions: ExecutionRecord[] = [];
  for (const execution of finished) {
    executions.push({ ...execution, events: await readAllEvents(api, execution.executionId) });
  }

  return { workload, executions, statsBefore, statsAfter };
}
