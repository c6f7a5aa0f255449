import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Append-only log of everything that happened to an execution, numbered per execution. */
@Entity('execution_events')
export class ExecutionEventEntity {
  @PrimaryColumn({ name: 'execution_id', type: 'uuid' })
  executionId: string;

  @PrimaryColumn({ type: 'integer' })
  seq: number;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
