import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

import type { LaunchOrder, WaveStatus } from '@drs/domain';

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

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}
