import { CleanupJobEntity } from './cleanup-job.entity';
import { ExecutionEventEntity } from './execution-event.entity';
import { ExecutionServerEntity } from './execution-server.entity';
import { ExecutionEntity } from './execution.entity';
import { LaunchBatchEntity } from './launch-batch.entity';
import { OutboxMessageEntity } from './outbox-message.entity';
import { ProtectionGroupServerEntity } from './protection-group-server.entity';
import { ProtectionGroupEntity } from './protection-group.entity';
import { PlanWaveEntity, PlanWaveGroupEntity, RecoveryPlanEntity } from './recovery-plan.entity';
import { WaveRunEntity } from './wave-run.entity';

export * from './cleanup-job.entity';
export * from './execution-event.entity';
export * from './execution-server.entity';
export * from './execution.entity';
export * from './launch-batch.entity';
export * from './outbox-message.entity';
export * from './protection-group-server.entity';
export * from './protection-group.entity';
export * from './recovery-plan.entity';
export * from './wave-run.entity';

export const ENTITIES = [
  ProtectionGroupEntity,
  ProtectionGroupServerEntity,
  RecoveryPlanEntity,
  PlanWaveEntity,
  PlanWaveGroupEntity,
  ExecutionEntity,
  WaveRunEntity,
  LaunchBatchEntity,
  ExecutionServerEntity,
  CleanupJobEntity,
  ExecutionEventEntity,
  OutboxMessageEntity,
];
