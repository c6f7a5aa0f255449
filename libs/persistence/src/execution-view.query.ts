import { EntityManager } from 'typeorm';

import type { ExecutionServerView, ExecutionView } from '@drs/contracts';

import { ExecutionServerEntity } from './entities/execution-server.entity';
import { ExecutionEntity } from './entities/execution.entity';
import { WaveRunEntity } from './entities/wave-run.entity';

function iso(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}

function toServerView(server: ExecutionServerEntity): ExecutionServerView {
  return {
    sourceServerId: server.sourceServerId,
    hostname: server.hostname,
    accountId: server.accountId,
    region: server.region,
    osFamily: server.osFamily,
    groupName: server.groupName,
    status: server.status,
    attempt: server.attempt,
    drsJobId: server.drsJobId,
    recoveryInstanceId: server.recoveryInstanceId,
    failureReason: server.failureReason,
    launchRequestedAt: iso(server.launchRequestedAt),
    launchStartedAt: iso(server.launchStartedAt),
    launchEndedAt: iso(server.launchEndedAt),
    instanceTerminatedAt: iso(server.instanceTerminatedAt),
  };
}

/**
 * Loads an execution with its waves and servers. Run it inside a REPEATABLE READ transaction
 * when `lastEventSeq` must match the rows exactly (the status service's snapshots do).
 */
export async function loadExecutionView(
  manager: EntityManager,
  executionId: string,
): Promise<ExecutionView | null> {
  const execution = await manager.findOne(ExecutionEntity, { where: { id: executionId } });
  if (!execution) {
    return null;
  }
  const waves = await manager.find(WaveRunEntity, { where: { executionId }, order: { position: 'ASC' } });
  const servers = await manager.find(ExecutionServerEntity, {
    where: { executionId },
    order: { position: 'ASC' },
  });

  return {
    id: execution.id,
    planId: execution.planId,
    planName: execution.planName,
    planVersion: execution.planVersion,
    mode: execution.mode,
    status: execution.status,
    statusReason: execution.statusReason,
    cleanupStatus: execution.cleanupStatus,
    createdAt: execution.createdAt.toISOString(),
    startedAt: iso(execution.startedAt),
    endedAt: iso(execution.endedAt),
    readinessWarnings: execution.readinessWarnings,
    lastEventSeq: execution.lastEventSeq,
    waves: waves.map((wave) => ({
      name: wave.name,
      position: wave.position,
      launchOrder: wave.launchOrder,
      dependsOn: wave.dependsOn,
      failurePolicy: wave.failurePolicy,
      status: wave.status,
      statusReason: wave.statusReason,
      startedAt: iso(wave.startedAt),
      endedAt: iso(wave.endedAt),
      servers: servers.filter((server) => server.waveRunId === wave.id).map(toServerView),
    })),
  };
}

/** Loads the execution view and its event sequence from one consistent snapshot of the database. */
export async function loadConsistentExecutionView(
  manager: EntityManager,
  executionId: string,
): Promise<ExecutionView | null> {
  return manager.transaction('REPEATABLE READ', (snapshot) => loadExecutionView(snapshot, executionId));
}
