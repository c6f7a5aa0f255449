import { MigrationInterface, QueryRunner } from 'typeorm';

/** Pause, halt and partial outcomes; wave failure policies; per-server attempts for retries. */
export class RunControl1733300000004 implements MigrationInterface {
  name = 'RunControl1733300000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE executions DROP CONSTRAINT ck_executions_status');
    await queryRunner.query(`
      ALTER TABLE executions ADD CONSTRAINT ck_executions_status CHECK (status IN
        ('PENDING', 'RUNNING', 'PAUSED', 'HALTED', 'SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'))`);
    await queryRunner.query('DROP INDEX uq_executions_active_plan');
    await queryRunner.query(`
      CREATE UNIQUE INDEX uq_executions_active_plan ON executions (plan_id)
        WHERE status IN ('PENDING', 'RUNNING', 'PAUSED', 'HALTED')`);

    for (const table of ['plan_waves', 'wave_runs']) {
      await queryRunner.query(`
        ALTER TABLE ${table}
          ADD COLUMN failure_policy varchar(16) NOT NULL DEFAULT 'halt',
          ADD COLUMN min_success_percent integer NOT NULL DEFAULT 100,
          ADD COLUMN optional_server_ids jsonb NOT NULL DEFAULT '[]',
          ADD COLUMN deadline_seconds integer,
          ADD CONSTRAINT ck_${table}_failure_policy CHECK (failure_policy IN ('halt', 'continue')),
          ADD CONSTRAINT ck_${table}_min_success CHECK (min_success_percent BETWEEN 0 AND 100),
          ADD CONSTRAINT ck_${table}_deadline CHECK (deadline_seconds IS NULL OR deadline_seconds > 0)`);
    }
    await queryRunner.query(
      'ALTER TABLE wave_runs ADD COLUMN deadline_at timestamptz, ADD COLUMN status_reason text',
    );

    // A batch keeps its own server list: a retried server moves to a new batch.
    await queryRunner.query(`
      ALTER TABLE launch_batches
        ADD COLUMN source_server_ids jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN next_attempt_at timestamptz`);
    await queryRunner.query(`
      UPDATE launch_batches b SET source_server_ids = coalesce(
        (SELECT jsonb_agg(s.source_server_id ORDER BY s.position) FROM execution_servers s WHERE s.batch_id = b.id),
        '[]')`);
    await queryRunner.query(`
      CREATE INDEX ix_launch_batches_next_attempt ON launch_batches (next_attempt_at)
        WHERE status IN ('QUEUED', 'SUBMITTING')`);

    await queryRunner.query('ALTER TABLE execution_servers ADD COLUMN attempt integer NOT NULL DEFAULT 1');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE execution_servers DROP COLUMN attempt');
    await queryRunner.query('DROP INDEX ix_launch_batches_next_attempt');
    await queryRunner.query(
      'ALTER TABLE launch_batches DROP COLUMN next_attempt_at, DROP COLUMN source_server_ids',
    );
    await queryRunner.query('ALTER TABLE wave_runs DROP COLUMN status_reason, DROP COLUMN deadline_at');
    for (const table of ['wave_runs', 'plan_waves']) {
      await queryRunner.query(`
        ALTER TABLE ${table}
          DROP COLUMN deadline_seconds,
          DROP COLUMN optional_server_ids,
          DROP COLUMN min_success_percent,
          DROP COLUMN failure_policy`);
    }
    await queryRunner.query('DROP INDEX uq_executions_active_plan');
    await queryRunner.query(`
      CREATE UNIQUE INDEX uq_executions_active_plan ON executions (plan_id) WHERE status IN ('PENDING', 'RUNNING')`);
    await queryRunner.query('ALTER TABLE executions DROP CONSTRAINT ck_executions_status');
    await queryRunner.query(`
      ALTER TABLE executions ADD CONSTRAINT ck_executions_status
        CHECK (status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'))`);
  }
}
