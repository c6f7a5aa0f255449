import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

import type { FailurePolicy, LaunchOrder, WaveStatus } from '@drs/domain';

@Entity('wave_runs')
export class WaveRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'execution_id', type: 'uuid' })
  executionId: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'launch_order', type: 'varchar', length: 16 })
  launchOrder: LaunchOrder;

  @Column({ name: 'depends_on', type: 'jsonb', default: () => "'[]'" })
  dependsOn: string[];

  @Column({ type: 'varchar', length: 16 })
  status: WaveStatus;

  @Column({ name: 'status_reason', type: 'text', nullable: true })
  statusReason: string | null;

  @Column({ name: 'failure_policy', type: 'varchar', length: 16, default: 'halt' })
  failurePolicy: FailurePolicy;

  @Column({ name: 'min_success_percent', type: 'integer', default: 100 })
  minSuccessPercent: number;

  @Column({ name: 'optional_server_ids', type: 'jsonb', default: () => "'[]'" })
  optionalServerIds: string[];

  @Column({ name: 'deadline_seconds', type: 'integer', nullable: true })
  deadlineSeconds: number | null;

  /** When a running wave's unfinished servers count as failed. */
  @Column({ name: 'deadline_at', type: 'timestamptz', nullable: true })
  deadlineAt: Date | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}
