import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail: one row per mutating API call or refused access, accepted or not. A trigger
 * rejects UPDATE and DELETE, so rows can only be added; TRUNCATE and DROP remain for the owner.
 */
export class AuditRecords1733400000001 implements MigrationInterface {
  name = 'AuditRecords1733400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_records (
        id bigserial NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor text,
        actor_role varchar(32),
        actor_issuer text,
        action text NOT NULL,
        target_type text,
        target_id text,
        method varchar(16) NOT NULL,
        path text NOT NULL,
        source_address text NOT NULL,
        outcome varchar(16) NOT NULL,
        status_code integer NOT NULL,
        error_code text,
        message text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        CONSTRAINT pk_audit_records PRIMARY KEY (id),
        CONSTRAINT ck_audit_records_outcome CHECK (outcome IN ('ACCEPTED', 'REFUSED', 'FAILED'))
      )`);
    await queryRunner.query('CREATE INDEX ix_audit_records_occurred_at ON audit_records (occurred_at)');
    await queryRunner.query('CREATE INDEX ix_audit_records_actor ON audit_records (actor, occurred_at)');
    await queryRunner.query(
      'CREATE INDEX ix_audit_records_target ON audit_records (target_type, target_id, occurred_at)',
    );
    await queryRunner.query(`
      CREATE FUNCTION audit_records_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_records is append-only: % is not allowed', TG_OP;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER tr_audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records
        FOR EACH ROW EXECUTE FUNCTION audit_records_reject_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit_records');
    await queryRunner.query('DROP FUNCTION audit_records_reject_change()');
  }
}
