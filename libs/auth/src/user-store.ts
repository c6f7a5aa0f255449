import { isRole, Role } from '@drs/domain';

import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, PasswordHash } from './password-hash';
import { Queryable, selectRows } from './sql';

/** Names appear in logs and the audit trail, so they are kept to plain characters. */
export const USER_NAME_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;

export interface StoredUser {
  id: string;
  name: string;
  role: Role;
  password: PasswordHash;
}

export interface UserSummary {
  id: string;
  name: string;
  role: Role;
  createdAt: Date;
  updatedAt: Date;
}

interface UserRow {
  id: string;
  name: string;
  role: string;
  password_hash: Buffer;
  password_salt: Buffer;
  scrypt_cost: number;
  scrypt_block_size: number;
  scrypt_parallelization: number;
  created_at: Date;
  updated_at: Date;
}

export class InvalidUserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidUserError';
  }
}

export function checkNewUser(name: string, role: string, password: string): void {
  if (!USER_NAME_PATTERN.test(name)) {
    throw new InvalidUserError(
      `User name "${name.slice(0, 64)}" is invalid: use 1 to 64 letters, digits, ".", "_", "@" or "-"`,
    );
  }
  if (!isRole(role)) {
    throw new InvalidUserError(`Role "${role}" is invalid: use viewer, operator, recovery-admin or admin`);
  }
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new InvalidUserError(
      `The password must have ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters, got ${password.length}`,
    );
  }
}

/**
 * Creates the user, or sets the role and password of the user of that name (compared without
 * case). The admin command and the demo both call this. Returns whether the user was new.
 */
export async function saveUser(
  database: Queryable,
  name: string,
  role: Role,
  password: string,
): Promise<{ id: string; created: boolean }> {
  checkNewUser(name, role, password);
  const stored = await hashPassword(password);
  const [row] = await selectRows<{ id: string; created: boolean }>(
    database,
    `INSERT INTO users (name, role, password_hash, password_salt, scrypt_cost, scrypt_block_size, scrypt_parallelization)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT ((lower(name))) DO UPDATE
       SET role = EXCLUDED.role,
           password_hash = EXCLUDED.password_hash,
           password_salt = EXCLUDED.password_salt,
           scrypt_cost = EXCLUDED.scrypt_cost,
           scrypt_block_size = EXCLUDED.scrypt_block_size,
           scrypt_parallelization = EXCLUDED.scrypt_parallelization,
           updated_at = now()
     RETURNING id, (xmax = 0) AS created`,
    [name, role, stored.hash, stored.salt, stored.cost, stored.blockSize, stored.parallelization],
  );

  return row;
}

export async function findUserByName(database: Queryable, name: string): Promise<StoredUser | null> {
  const [row] = await selectRows<UserRow>(database, 'SELECT * FROM users WHERE lower(name) = lower($1)', [
    name,
  ]);
  if (!row || !isRole(row.role)) {
    return null;
  }

  return {
    id: row.id,
    name: row.name,
    role: row.role,
    password: {
      hash: row.password_hash,
      salt: row.password_salt,
      cost: row.scrypt_cost,
      blockSize: row.scrypt_block_size,
      parallelization: row.scrypt_parallelization,
    },
  };
}

export async function listUsers(database: Queryable): Promise<UserSummary[]> {
  const rows = await selectRows<UserRow>(
    database,
    'SELECT id, name, role, created_at, updated_at FROM users ORDER BY lower(name)',
  );

  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    role: row.role as Role,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }));
}

/** Returns whether a user of that name existed. Tokens already issued stay valid until they expire. */
export async function removeUser(database: Queryable, name: string): Promise<boolean> {
  const rows = await selectRows<{ id: string }>(
    database,
    'DELETE FROM users WHERE lower(name) = lower($1) RETURNING id',
    [name],
  );

  return rows.length > 0;
}
