import type { ExecutionView } from '@drs/contracts';
import { LocalStack, StackService } from '@drs/local-stack';

import { checkInvariants, InvariantReport } from './invariants';
import { createOrdersPlan, faultsForAllOperations, setEmulatorFaults } from './orders-plan';
import { PrivateRedis } from './private-redis';
import { seededRandom } from './seeded-random';
import { allEvents, api, emulatorStats, inheritedPath } from './stack-helpers';
import { migrate } from '@drs/persistence';

import { PrivatePostgres } from './private-postgres';
import { uniqueQueuePrefix } from './test-database';

export interface ChaosRunResult {
  seed: number;
  status: string;
  durationMs: number;
  actions: string[];
  kills: number;
  redisRestarts: number;
  postgresRestarts: number;
  invariants: InvariantReport;
  retriesAbsorbed: Record<string, number>;
}

const TERMINAL = ['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'];
const RUN_TIMEOUT_MS = 240_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One chaos run: a drill of three-tier-100 through real processes while, at moments drawn from
 * the seed, SIGKILL hits the launcher or the planner, the private Redis is killed and restarted,
 * the private Postgres crashes and restarts, and the emulator injects conflicts, throttling, 500s
 * and hangs. Ends with the invariant check.
 */
export async function runChaos(
  seed: number,
  log: (line: string) => void = () => undefined,
): Promise<ChaosRunResult> {
  const random = seededRandom(seed);
  const postgres = await PrivatePostgres.start();
  const databaseUrl = postgres.urlOf('drs_chaos');
  await migrate(databaseUrl);
  const redis = await PrivateRedis.start();
  const actions: string[] = [];
  let stack: LocalStack | null = null;
  const startedAt = Date.now();
  try {
    stack = await LocalStack.start({
      databaseUrl,
      redisUrl: redis.url,
      queuePrefix: uniqueQueuePrefix('chaos'),
      scenarios: ['three-tier-100'],
      // Windows launches take 2.9 to 4.3 s, Linux ones 0.7 to 1.1 s.
      timeScale: 0.003,
      seed,
      drsTargets: ['123456789012/us-east-1'],
      jobPollIntervalMs: 150,
      conflictBackoffBaseMs: 200,
      extraEnv: {
        ...inheritedPath(),
        DRS_CALL_TIMEOUT_MS: '1500',
        CONFLICT_BACKOFF_MAX_MS: '2000',
        RECONCILE_INTERVAL_MS: '1000',
      },
    });
    const planId = await createOrdersPlan(stack, `chaos-${seed}`);
    // Faults start with the drill: plan set-up reads DRS too, and a 503 there is the correct response.
    await setEmulatorFaults(
      stack,
      faultsForAllOperations({
        startRecoveryConflictRate: 0.2,
        throttleRate: 0.03,
        internalErrorRate: 0.03,
        hangRate: 0.01,
      }),
    );
    const { body } = await api<{ id: string }>(stack, 'POST', '/executions', { planId, mode: 'DRILL' });
    const executionId = body.id;

    let kills = 0;
    let redisRestarts = 0;
    let postgresRestarts = 0;
    let view: ExecutionView | null = null;
    let nextActionAt = Date.now() + 1_000 + random() * 3_000;
    while (Date.now() - startedAt < RUN_TIMEOUT_MS) {
      try {
        view = (await api<ExecutionView>(stack, 'GET', `/executions/${executionId}`)).body;
      } catch {
        // The API may fail while Redis or a process restarts, so the next pass asks again.
      }
      if (view && TERMINAL.includes(view.status) && kills > 0) {
        break;
      }
      if (Date.now() >= nextActionAt && !(view && TERMINAL.includes(view.status))) {
        const draw = random();
        if (draw < 0.4 || (kills === 0 && draw < 0.8)) {
          const victim: StackService = random() < 0.6 ? 'launcher' : 'planner';
          const downMs = Math.round(200 + random() * 1_500);
          actions.push(
            `${((Date.now() - startedAt) / 1000).toFixed(1)} s: SIGKILL ${victim}, down ${downMs} ms`,
          );
          await stack.service(victim).stop('SIGKILL');
          await sleep(downMs);
          await stack.restart(victim);
          kills += 1;
        } else if (draw < 0.6) {
          const downMs = Math.round(500 + random() * 2_500);
          actions.push(`${((Date.now() - startedAt) / 1000).toFixed(1)} s: Redis killed, down ${downMs} ms`);
          await redis.crash();
          await sleep(downMs);
          await redis.resume();
          redisRestarts += 1;
        } else if (draw < 0.75) {
          const downMs = Math.round(300 + random() * 2_000);
          actions.push(
            `${((Date.now() - startedAt) / 1000).toFixed(1)} s: Postgres crashed, down ${downMs} ms`,
          );
          await postgres.restart(downMs);
          postgresRestarts += 1;
        }
        nextActionAt = Date.now() + 1_500 + random() * 4_000;
      }
      await sleep(200);
    }
    if (kills === 0) {
      // The drill ended before the first scheduled action: kill once now so every run has a SIGKILL.
      await stack.service('launcher').stop('SIGKILL');
      await stack.restart('launcher');
      kills += 1;
      actions.push('after the run: SIGKILL launcher');
    }
    actions.forEach((action) => log(`  seed ${seed}: ${action}`));

    // Let jobs that were in flight at the end finish and be tracked.
    await sleep(1_500);
    const stats = await emulatorStats(stack);
    const invariants = await checkInvariants(databaseUrl, stats);
    const events = await allEvents(stack, executionId);
    const retriesAbsorbed: Record<string, number> = {};
    for (const event of events.filter((item) => item.type === 'batch.retry-scheduled')) {
      const reason = (event.payload as { reason: string }).reason;
      retriesAbsorbed[reason] = (retriesAbsorbed[reason] ?? 0) + 1;
    }
    if (!view || !TERMINAL.includes(view.status)) {
      invariants.violations.push(`execution ${executionId} did not end within ${RUN_TIMEOUT_MS} ms`);
    }

    return {
      seed,
      status: view?.status ?? 'UNKNOWN',
      durationMs: Date.now() - startedAt,
      actions,
      kills,
      redisRestarts,
      postgresRestarts,
      invariants,
      retriesAbsorbed,
    };
  } catch (error) {
    const logs = stack
      ? [...stack.services.values()].map((service) => service.recentOutput()).join('\n')
      : '';
    throw new Error(
      `chaos run with seed ${seed} failed: ${(error as Error).message}\n${actions.join('\n')}\n${logs}`,
    );
  } finally {
    await stack?.stop();
    await redis.stop();
    await postgres.stop();
  }
}
