import { IsInt, IsOptional, IsUUID, Min } from 'class-validator';

/** BullMQ queues. Commands travel only through these, never over pub/sub. */
export enum QueueName {
  Planner = 'planner',
  Launcher = 'launcher',
}

export enum PlannerJob {
  /** Resolve groups, check readiness, create wave runs, start the first waves. */
  StartExecution = 'start-execution',
  /** Re-evaluate an execution: finish waves whose servers are final, start the waves they unblock. */
  AdvanceExecution = 'advance-execution',
}

export enum LauncherJob {
  LaunchBatch = 'launch-batch',
  CleanupExecution = 'cleanup-execution',
}

export class ExecutionJobPayload {
  @IsUUID()
  executionId: string;
}

export class LaunchBatchJobPayload {
  @IsUUID()
  batchId: string;
}

export class CleanupJobPayload {
  @IsUUID()
  executionId: string;

  /** How many times the cleanup was already put back after DRS refused or did not answer. */
  @IsOptional()
  @IsInt()
  @Min(0)
  retry?: number;
}
