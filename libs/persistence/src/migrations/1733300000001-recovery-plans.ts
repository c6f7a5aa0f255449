import { MigrationInterface, QueryRunner } from 'typeorm';

export class RecoveryPlans1733300000001 implements MigrationInterface {
  name = 'RecoveryPlans1733300000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE recovery_plans (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        rpo_seconds integer,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_recovery_plans PRIMARY KEY (id),
        CONSTRAINT uq_recovery_plans_name UNIQUE (name),
        CONSTRAINT ck_recovery_plans_rpo CHECK (rpo_seconds IS NULL OR rpo_seconds > 0)
      )`);
    await queryRunner.query(`
      CREATE TABLE plan_waves (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        plan_id uuid NOT NULL,
        position integer NOT NULL,
        name text NOT NULL,
        launch_order varchar(16) NOT NULL,
        depends_on jsonb NOT NULL DEFAULT '[]',
        CONSTRAINT pk_plan_waves PRIMARY KEY (id),
        CONSTRAINT uq_plan_waves_name UNIQUE (plan_id, name),
        CONSTRAINT uq_plan_waves_position UNIQUE (plan_id, position),
        CONSTRAINT ck_plan_waves_launch_order CHECK (launch_order IN ('parallel', 'sequential')),
        CONSTRAINT fk_plan_waves_plan FOREIGN KEY (plan_id) REFERENCES recovery_plans (id) ON DELETE CASCADE
      )`);
    // RESTRICT on the group makes Postgres itself refuse to delete a group that a plan uses.
    await queryRunner.query(`
      CREATE TABLE plan_wave_groups (
        wave_id uuid NOT NULL,
        group_id uuid NOT NULL,
        position integer NOT NULL,
        CONSTRAINT pk_plan_wave_groups PRIMARY KEY (wave_id, group_id),
        CONSTRAINT fk_plan_wave_groups_wave FOREIGN KEY (wave_id) REFERENCES plan_waves (id) ON DELETE CASCADE,
        CONSTRAINT fk_plan_wave_groups_group FOREIGN KEY (group_id) REFERENCES protection_groups (id) ON DELETE RESTRICT
      )`);
    await queryRunner.query('CREATE INDEX ix_plan_wave_groups_group ON plan_wave_groups (group_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE plan_wave_groups');
    await queryRunner.query('DROP TABLE plan_waves');
    await queryRunner.query('DROP TABLE recovery_plans');
  }
}
