import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

import type { ServerStatus } from '@drs/domain';

/** One source server in one execution: its wave, its DRS job and what DRS reported for it. */
@Entity('execution_servers')
export class ExecutionServerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'execution_id', type: 'uuid' })
  executionId: string;

  @Column({ name: 'wave_run_id', type: 'uuid' })
  waveRunId: string;

  @Column({ name: 'batch_id', type: 'uuid', nullable: true })
  batchId: string | null;

  /** Boot order within the wave. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ name: 'source_server_id', type: 'varchar', length: 19 })
  sourceServerId: string;

  @Column({ name: 'account_id', type: 'varchar', length: 12 })
  accountId: string;

  @Column({ type: 'varchar', length: 32 })
  region: string;

  @Column({ type: 'text', nullable: true })
  hostname: string | null;

  @Column({ name: 'os_family', type: 'varchar', length: 16 })
  osFamily: string;

  @Column({ name: 'group_name', type: 'text' })
  groupName: string;

  @Column({ type: 'varchar', length: 16 })
  status: ServerStatus;

  /** 1 for the first launch; each retry by an operator adds one. */
  @Column({ type: 'integer', default: 1 })
  attempt: number;

  @Column({ name: 'drs_job_id', type: 'varchar', length: 24, nullable: true })
  drsJobId: string | null;

  @Column({ name: 'recovery_instance_id', type: 'varchar', length: 19, nullable: true })
  recoveryInstanceId: string | null;

  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason: string | null;

  @Column({ name: 'launch_requested_at', type: 'timestamptz', nullable: true })
  launchRequestedAt: Date | null;

  @Column({ name: 'launch_started_at', type: 'timestamptz', nullable: true })
  launchStartedAt: Date | null;

  @Column({ name: 'launch_ended_at', type: 'timestamptz', nullable: true })
  launchEndedAt: Date | null;

  @Column({ name: 'instance_terminated_at', type: 'timestamptz', nullable: true })
  instanceTerminatedAt: Date | null;
}
