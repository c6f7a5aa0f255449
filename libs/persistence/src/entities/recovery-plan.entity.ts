import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import type { FailurePolicy, LaunchOrder } from '@drs/domain';

@Entity('recovery_plans')
export class RecoveryPlanEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /** Replication lag above which a server gets a readiness warning; null uses the default. */
  @Column({ name: 'rpo_seconds', type: 'integer', nullable: true })
  rpoSeconds: number | null;

  /** Incremented by every update; an execution records the version it ran. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  @OneToMany(() => PlanWaveEntity, (wave) => wave.plan)
  waves?: PlanWaveEntity[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('plan_waves')
export class PlanWaveEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'launch_order', type: 'varchar', length: 16 })
  launchOrder: LaunchOrder;

  /** Names of the waves of the same plan that must succeed before this one starts. */
  @Column({ name: 'depends_on', type: 'jsonb', default: () => "'[]'" })
  dependsOn: string[];

  @Column({ name: 'failure_policy', type: 'varchar', length: 16, default: 'halt' })
  failurePolicy: FailurePolicy;

  @Column({ name: 'min_success_percent', type: 'integer', default: 100 })
  minSuccessPercent: number;

  /** Servers whose failure does not fail the wave on its own. */
  @Column({ name: 'optional_server_ids', type: 'jsonb', default: () => "'[]'" })
  optionalServerIds: string[];

  /** Time a started wave may take before its unfinished servers count as failed; null for none. */
  @Column({ name: 'deadline_seconds', type: 'integer', nullable: true })
  deadlineSeconds: number | null;

  @ManyToOne(() => RecoveryPlanEntity, (plan) => plan.waves, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id' })
  plan?: RecoveryPlanEntity;

  @OneToMany(() => PlanWaveGroupEntity, (link) => link.wave)
  groups?: PlanWaveGroupEntity[];
}

/** Links a wave to a protection group; the foreign key to the group refuses deleting a group in use. */
@Entity('plan_wave_groups')
export class PlanWaveGroupEntity {
  @PrimaryColumn({ name: 'wave_id', type: 'uuid' })
  waveId: string;

  @PrimaryColumn({ name: 'group_id', type: 'uuid' })
  groupId: string;

  @Column({ type: 'integer' })
  position: number;

  @ManyToOne(() => PlanWaveEntity, (wave) => wave.groups, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'wave_id' })
  wave?: PlanWaveEntity;
}
