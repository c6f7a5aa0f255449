import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

import type {
  CleanupStatus,
  ExecutionMode,
  ExecutionStatus,
  FailurePolicy,
  LaunchOrder,
  ReadinessWarning,
  TagSelector,
} from '@drs/domain';

/** The plan exactly as it was when the execution started; later edits of the plan do not change it. */
export interface PlanSnapshot {
  planId: string;
  name: string;
  version: number;
  rpoSeconds: number;
  waves: Array<{
    name: string;
    launchOrder: LaunchOrder;
    dependsOn: string[];
    /** Absent in snapshots taken before wave policies existed; the defaults then apply. */
    failurePolicy?: FailurePolicy;
    minSuccessPercent?: number;
    optionalServerIds?: string[];
    deadlineSeconds?: number | null;
    groups: Array<{
      id: string;
      name: string;
      accountId: string;
      region: string;
      sourceServerIds: string[] | null;
      tagSelector: TagSelector | null;
    }>;
  }>;
}

@Entity('executions')
export class ExecutionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'plan_id', type: 'uuid', nullable: true })
  planId: string | null;

  @Column({ name: 'plan_name', type: 'text' })
  planName: string;

  @Column({ name: 'plan_version', type: 'integer' })
  planVersion: number;

  @Column({ name: 'plan_snapshot', type: 'jsonb' })
  planSnapshot: PlanSnapshot;

  @Column({ type: 'varchar', length: 16 })
  mode: ExecutionMode;

  @Column({ type: 'varchar', length: 16 })
  status: ExecutionStatus;

  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  @Column({ name: 'readiness_warnings', type: 'jsonb', default: () => "'[]'" })
  readinessWarnings: ReadinessWarning[];

  @Column({ name: 'cleanup_status', type: 'varchar', length: 16 })
  cleanupStatus: CleanupStatus;

  /** Sequence number of the last event appended; bumped in the same transaction as the event. */
  @Column({ name: 'last_event_seq', type: 'integer', default: 0 })
  lastEventSeq: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
