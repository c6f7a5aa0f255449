import { Logger } from '@nestjs/common';
import { In } from 'typeorm';

import { CleanupJobStatus, CleanupStatus } from '@drs/domain';
import { CleanupJobEntity, ExecutionEntity, UnitOfWork } from '@drs/persistence';

/**
 * Ends an execution's cleanup once none of its cleanup jobs is still being submitted or
 * tracked: COMPLETED when every recovery instance is terminated, FAILED otherwise, with one
 * `cleanup.completed` event.
 * Call it in the transaction that made a cleanup job final; it does nothing while a job is open.
 */
export async function finishCleanupWhenDone(
  unit: UnitOfWork,
  executionId: string,
  logger: Logger,
): Promise<void> {
  const manager = unit.manager;
  const remaining = await manager.count(CleanupJobEntity, {
    where: { executionId, status: In([CleanupJobStatus.Submitting, CleanupJobStatus.Submitted]) },
  });
  if (remaining > 0) {
    return;
  }

  // Judged by the instances, not the jobs: after a failed cleanup is requested again, the
  // earlier attempt's failed jobs remain on record.
  const [counts]: Array<{ terminated: string; remaining: string }> = await manager.query(
    `SELECT count(*) FILTER (WHERE instance_terminated_at IS NOT NULL) AS terminated,
            count(*) FILTER (WHERE instance_terminated_at IS NULL) AS remaining
       FROM execution_servers WHERE execution_id = $1 AND recovery_instance_id IS NOT NULL`,
    [executionId],
  );
  const finalStatus = Number(counts.remaining) > 0 ? CleanupStatus.Failed : CleanupStatus.Completed;
  const done = await manager.update(
    ExecutionEntity,
    { id: executionId, cleanupStatus: CleanupStatus.InProgress },
    { cleanupStatus: finalStatus },
  );
  if (done.affected !== 1) {
    return;
  }

  await unit.appendEvent(executionId, 'cleanup.completed', {
    status: finalStatus,
    terminated: Number(counts.terminated),
    failed: Number(counts.remaining),
  });
  logger.log(
    `execution ${executionId}: cleanup ${finalStatus}, ${counts.terminated} recovery instance(s) terminated`,
  );
}
