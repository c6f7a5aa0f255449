import { MigrationInterface, QueryRunner } from 'typeorm';

export class Executions1733300000002 implements MigrationInterface {
  name = 'Executions1733300000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE executions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        plan_id uuid,
        plan_name text NOT NULL,
        plan_version integer NOT NULL,
        plan_snapshot jsonb NOT NULL,
        mode varchar(16) NOT NULL,
        status varchar(16) NOT NULL,
        status_reason text,
        readiness_warnings jsonb NOT NULL DEFAULT '[]',
        cleanup_status varchar(16) NOT NULL,
        last_event_seq integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        ended_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_executions PRIMARY KEY (id),
        CONSTRAINT fk_executions_plan FOREIGN KEY (plan_id) REFERENCES recovery_plans (id) ON DELETE SET NULL,
        CONSTRAINT ck_executions_mode CHECK (mode IN ('DRILL', 'RECOVERY')),
        CONSTRAINT ck_executions_status CHECK (status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'))
      )`);
    // At most one active execution per plan, enforced by Postgres even for simultaneous starts.
    await queryRunner.query(`
      CREATE UNIQUE INDEX uq_executions_active_plan ON executions (plan_id)
        WHERE status IN ('PENDING', 'RUNNING')`);
    await queryRunner.query(
      'CREATE INDEX ix_executions_plan_created ON executions (plan_id, created_at DESC)',
    );
    await queryRunner.query('CREATE INDEX ix_executions_status ON executions (status)');

    await queryRunner.query(`
      CREATE TABLE wave_runs (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        execution_id uuid NOT NULL,
        position integer NOT NULL,
        name text NOT NULL,
        launch_order varchar(16) NOT NULL,
        depends_on jsonb NOT NULL DEFAULT '[]',
        status varchar(16) NOT NULL,
        started_at timestamptz,
        ended_at timestamptz,
        CONSTRAINT pk_wave_runs PRIMARY KEY (id),
        CONSTRAINT uq_wave_runs_position UNIQUE (execution_id, position),
        CONSTRAINT fk_wave_runs_execution FOREIGN KEY (execution_id) REFERENCES executions (id) ON DELETE CASCADE
      )`);

    await queryRunner.query(`
      CREATE TABLE launch_batches (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        execution_id uuid NOT NULL,
        wave_run_id uuid NOT NULL,
        sequence integer NOT NULL,
        account_id varchar(12) NOT NULL,
        region varchar(32) NOT NULL,
        server_count integer NOT NULL,
        status varchar(16) NOT NULL,
        attempt integer NOT NULL DEFAULT 0,
        conflict_count integer NOT NULL DEFAULT 0,
        drs_job_id varchar(24),
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        intent_at timestamptz,
        submitted_at timestamptz,
        completed_at timestamptz,
        CONSTRAINT pk_launch_batches PRIMARY KEY (id),
        CONSTRAINT uq_launch_batches_sequence UNIQUE (wave_run_id, sequence),
        CONSTRAINT fk_launch_batches_execution FOREIGN KEY (execution_id) REFERENCES executions (id) ON DELETE CASCADE,
        CONSTRAINT fk_launch_batches_wave_run FOREIGN KEY (wave_run_id) REFERENCES wave_runs (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      'CREATE INDEX ix_launch_batches_target_status ON launch_batches (account_id, region, status)',
    );
    await queryRunner.query('CREATE INDEX ix_launch_batches_execution ON launch_batches (execution_id)');

    await queryRunner.query(`
      CREATE TABLE execution_servers (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        execution_id uuid NOT NULL,
        wave_run_id uuid NOT NULL,
        batch_id uuid,
        position integer NOT NULL,
        source_server_id varchar(19) NOT NULL,
        account_id varchar(12) NOT NULL,
        region varchar(32) NOT NULL,
        hostname text,
        os_family varchar(16) NOT NULL,
        group_name text NOT NULL,
        status varchar(16) NOT NULL,
        drs_job_id varchar(24),
        recovery_instance_id varchar(19),
        failure_reason text,
        launch_requested_at timestamptz,
        launch_started_at timestamptz,
        launch_ended_at timestamptz,
        instance_terminated_at timestamptz,
        CONSTRAINT pk_execution_servers PRIMARY KEY (id),
        CONSTRAINT uq_execution_servers_server UNIQUE (execution_id, source_server_id),
        CONSTRAINT fk_execution_servers_execution FOREIGN KEY (execution_id) REFERENCES executions (id) ON DELETE CASCADE,
        CONSTRAINT fk_execution_servers_wave_run FOREIGN KEY (wave_run_id) REFERENCES wave_runs (id) ON DELETE CASCADE,
        CONSTRAINT fk_execution_servers_batch FOREIGN KEY (batch_id) REFERENCES launch_batches (id) ON DELETE SET NULL
      )`);
    await queryRunner.query('CREATE INDEX ix_execution_servers_batch ON execution_servers (batch_id)');
    await queryRunner.query('CREATE INDEX ix_execution_servers_wave_run ON execution_servers (wave_run_id)');

    await queryRunner.query(`
      CREATE TABLE cleanup_jobs (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        execution_id uuid NOT NULL,
        account_id varchar(12) NOT NULL,
        region varchar(32) NOT NULL,
        recovery_instance_ids jsonb NOT NULL,
        status varchar(16) NOT NULL,
        drs_job_id varchar(24),
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        CONSTRAINT pk_cleanup_jobs PRIMARY KEY (id),
        CONSTRAINT fk_cleanup_jobs_execution FOREIGN KEY (execution_id) REFERENCES executions (id) ON DELETE CASCADE
      )`);
    await queryRunner.query('CREATE INDEX ix_cleanup_jobs_status ON cleanup_jobs (status)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE cleanup_jobs');
    await queryRunner.query('DROP TABLE execution_servers');
    await queryRunner.query('DROP TABLE launch_batches');
    await queryRunner.query('DROP TABLE wave_runs');
    await queryRunner.query('DROP TABLE executions');
  }
}
