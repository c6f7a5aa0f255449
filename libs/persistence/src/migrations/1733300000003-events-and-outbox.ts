import { MigrationInterface, QueryRunner } from 'typeorm';

export class EventsAndOutbox1733300000003 implements MigrationInterface {
  name = 'EventsAndOutbox1733300000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE execution_events (
        execution_id uuid NOT NULL,
        seq integer NOT NULL,
        type text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_execution_events PRIMARY KEY (execution_id, seq),
        CONSTRAINT fk_execution_events_execution FOREIGN KEY (execution_id) REFERENCES executions (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      CREATE TABLE outbox (
        id bigserial NOT NULL,
        queue text NOT NULL,
        job_name text NOT NULL,
        job_id text NOT NULL,
        payload jsonb NOT NULL,
        delay_ms integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        CONSTRAINT pk_outbox PRIMARY KEY (id)
      )`);
    await queryRunner.query(
      'CREATE INDEX ix_outbox_unpublished ON outbox (created_at) WHERE published_at IS NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE outbox');
    await queryRunner.query('DROP TABLE execution_events');
  }
}
