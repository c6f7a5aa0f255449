import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

import type { BatchStatus } from '@drs/domain';

/** The servers of one wave that go to DRS in one StartRecovery call, and what became of that call. */
@Entity('launch_batches')
export class LaunchBatchEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'execution_id', type: 'uuid' })
  executionId: string;

  @Column({ name: 'wave_run_id', type: 'uuid' })
  waveRunId: string;

  /** Order within the wave; a sequential wave releases batches in this order. */
  @Column({ type: 'integer' })
  sequence: number;

  @Column({ name: 'account_id', type: 'varchar', length: 12 })
  accountId: string;

  @Column({ type: 'varchar', length: 32 })
  region: string;

  @Column({ name: 'server_count', type: 'integer' })
  serverCount: number;

  /** The servers this batch sends to DRS, in boot order; a retried server moves to a new batch. */
  @Column({ name: 'source_server_ids', type: 'jsonb', default: () => "'[]'" })
  sourceServerIds: string[];

  /** When the queued batch is due; the reconciler re-queues a batch that is overdue (Redis lost its job). */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'varchar', length: 16 })
  status: BatchStatus;

  /** StartRecovery attempts whose outcome was a DRS job or is unknown; part of the job's tags. */
  @Column({ type: 'integer', default: 0 })
  attempt: number;

  @Column({ name: 'conflict_count', type: 'integer', default: 0 })
  conflictCount: number;

  @Column({ name: 'drs_job_id', type: 'varchar', length: 24, nullable: true })
  drsJobId: string | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'intent_at', type: 'timestamptz', nullable: true })
  intentAt: Date | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
