import { randomBytes, scrypt, ScryptOptions, timingSafeEqual } from 'node:crypto';

/**
 * scrypt cost parameters. N = 2^15 with r = 8 needs 32 MiB per hash, which is the strength
 * OWASP's password storage guidance (2023) lists for scrypt; one hash takes about 100 ms on
 * one core of the development machines (an estimate, measured by hand).
 */
export const SCRYPT_PARAMETERS = { cost: 32_768, blockSize: 8, parallelization: 1 } as const;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** Node refuses scrypt above 32 MiB unless `maxmem` allows it; 128 * N * r bytes plus headroom. */
const MAX_MEMORY_BYTES = 64 * 1024 * 1024;
/** Longer passwords are rejected before hashing, so that a huge one cannot cost a lot of CPU. */
export const MAX_PASSWORD_LENGTH = 1_024;
export const MIN_PASSWORD_LENGTH = 12;

export interface PasswordHash {
  hash: Buffer;
  salt: Buffer;
  cost: number;
  blockSize: number;
  parallelization: number;
}

function deriveKey(password: string, salt: Buffer, options: ScryptOptions, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, { ...options, maxmem: MAX_MEMORY_BYTES }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(SALT_BYTES);
  const { cost, blockSize, parallelization } = SCRYPT_PARAMETERS;
  const hash = await deriveKey(password, salt, { N: cost, r: blockSize, p: parallelization }, HASH_BYTES);

  return { hash, salt, cost, blockSize, parallelization };
}

/** Compares in constant time; the hash keeps the parameters it was made with, so old hashes still verify. */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) {
    return false;
  }
  const candidate = await deriveKey(
    password,
    stored.salt,
    { N: stored.cost, r: stored.blockSize, p: stored.parallelization },
    stored.hash.length,
  );

  return timingSafeEqual(candidate, stored.hash);
}

/** Text form for configuration: `scrypt$N$r$p$SALT$HASH`, salt and hash in base64url. */
export function encodePasswordHash(stored: PasswordHash): string {
  return [
    'scrypt',
    stored.cost,
    stored.blockSize,
    stored.parallelization,
    stored.salt.toString('base64url'),
    stored.hash.toString('base64url'),
  ].join('$');
}

export function decodePasswordHash(encoded: string): PasswordHash {
  const [scheme, cost, blockSize, parallelization, salt, hash] = encoded.split('$');
  const parsed = {
    cost: Number(cost),
    blockSize: Number(blockSize),
    parallelization: Number(parallelization),
    salt: Buffer.from(salt ?? '', 'base64url'),
    hash: Buffer.from(hash ?? '', 'base64url'),
  };
  // Cost must be a power of two above 1 for scrypt; reject anything else instead of failing at sign-in.
  const validCost =
    Number.isInteger(parsed.cost) && parsed.cost > 1 && (parsed.cost & (parsed.cost - 1)) === 0;
  if (
    scheme !== 'scrypt' ||
    !validCost ||
    !(parsed.blockSize >= 1 && parsed.parallelization >= 1) ||
    parsed.salt.length === 0 ||
    parsed.hash.length === 0
  ) {
    throw new Error('Invalid password hash: expected scrypt$N$r$p$SALT$HASH from "npm run users -- hash"');
  }

  return parsed;
}

/** A hash of a random password, verified against when a name is unknown so that the reply takes as long. */
let decoyHash: Promise<PasswordHash> | null = null;
export function decoyPasswordHash(): Promise<PasswordHash> {
  decoyHash ??= hashPassword(randomBytes(16).toString('base64url'));

  return decoyHash;
}
