import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProtectionGroups1733300000000 implements MigrationInterface {
  name = 'ProtectionGroups1733300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE protection_groups (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        account_id varchar(12) NOT NULL,
        region varchar(32) NOT NULL,
        member_kind varchar(16) NOT NULL,
        tag_selector jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_protection_groups PRIMARY KEY (id),
        CONSTRAINT uq_protection_groups_name UNIQUE (name),
        CONSTRAINT ck_protection_groups_member_kind CHECK (member_kind IN ('EXPLICIT', 'TAG_SELECTOR')),
        CONSTRAINT ck_protection_groups_selector CHECK ((member_kind = 'TAG_SELECTOR') = (tag_selector IS NOT NULL))
      )`);
    await queryRunner.query(`
      CREATE TABLE protection_group_servers (
        group_id uuid NOT NULL,
        source_server_id varchar(19) NOT NULL,
        account_id varchar(12) NOT NULL,
        region varchar(32) NOT NULL,
        position integer NOT NULL,
        CONSTRAINT pk_protection_group_servers PRIMARY KEY (group_id, source_server_id),
        CONSTRAINT uq_protection_group_servers_server UNIQUE (account_id, region, source_server_id),
        CONSTRAINT fk_protection_group_servers_group FOREIGN KEY (group_id)
          REFERENCES protection_groups (id) ON DELETE CASCADE
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE protection_group_servers');
    await queryRunner.query('DROP TABLE protection_groups');
  }
}
