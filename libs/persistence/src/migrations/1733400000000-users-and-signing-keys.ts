import { MigrationInterface, QueryRunner } from 'typeorm';

/** Users of the built-in local issuer, and the key pair it signs access tokens with. */
export class UsersAndSigningKeys1733400000000 implements MigrationInterface {
  name = 'UsersAndSigningKeys1733400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        role varchar(32) NOT NULL,
        password_hash bytea NOT NULL,
        password_salt bytea NOT NULL,
        scrypt_cost integer NOT NULL,
        scrypt_block_size integer NOT NULL,
        scrypt_parallelization integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_users PRIMARY KEY (id),
        CONSTRAINT ck_users_role CHECK (role IN ('viewer', 'operator', 'recovery-admin', 'admin'))
      )`);
    // Names are compared without case at sign-in, so two names may not differ only in case.
    await queryRunner.query('CREATE UNIQUE INDEX uq_users_name ON users (lower(name))');
    await queryRunner.query(`
      CREATE TABLE signing_keys (
        key_id text NOT NULL,
        algorithm varchar(16) NOT NULL,
        private_key_pem text NOT NULL,
        public_jwk jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_signing_keys PRIMARY KEY (key_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE signing_keys');
    await queryRunner.query('DROP TABLE users');
  }
}
