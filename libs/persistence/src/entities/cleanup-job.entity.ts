import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

import type { CleanupJobStatus } from '@drs/domain';

/** One TerminateRecoveryInstances call made to clean up after a drill. */
@Entity('cleanup_jobs')
export class CleanupJobEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'execution_id', type: 'uuid' })
  executionId: string;

  @Column({ name: 'account_id', type: 'varchar', length: 12 })
  accountId: string;

  @Column({ type: 'varchar', length: 32 })
  region: string;

  @Column({ name: 'recovery_instance_ids', type: 'jsonb' })
  recoveryInstanceIds: string[];

  @Column({ type: 'varchar', length: 16 })
  status: CleanupJobStatus;

  @Column({ name: 'drs_job_id', type: 'varchar', length: 24, nullable: true })
  drsJobId: string | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
