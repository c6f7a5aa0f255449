import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, JWK } from 'jose';
import type { DataSource } from 'typeorm';

import type { AuthSettings } from '@drs/config';

export const LOCAL_SIGNING_ALGORITHM = 'ES256';
/** Single-key advisory lock that serializes the first start of several replicas. */
const SIGNING_KEY_LOCK = 0x64727362;

export interface SigningKey {
  keyId: string;
  privateKey: KeyObject;
  publicJwk: JWK;
}

/** The key the local issuer signs with, and every public key its tokens may be verified with. */
export interface LocalKeys {
  signing: SigningKey;
  publicJwks: JWK[];
}

interface SigningKeyRow {
  key_id: string;
  private_key_pem: string;
  public_jwk: JWK;
}

async function toSigningKey(privateKey: KeyObject): Promise<SigningKey> {
  const details = privateKey.asymmetricKeyDetails;
  if (privateKey.asymmetricKeyType !== 'ec' || details?.namedCurve !== 'prime256v1') {
    throw new Error('The signing key must be an EC key on curve P-256 (prime256v1) for ES256');
  }
  const exported = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
  const keyId = await calculateJwkThumbprint(exported);

  return {
    keyId,
    privateKey,
    publicJwk: { ...exported, kid: keyId, alg: LOCAL_SIGNING_ALGORITHM, use: 'sig' },
  };
}

/**
 * Loads the local issuer's keys: the one from AUTH_SIGNING_KEY when it is set, otherwise the
 * newest key in Postgres, which the first process to start generates. Every replica of the API
 * and the status service therefore signs and verifies with the same key.
 * NOTE: keys are read once at start-up; after a new key is added, restart every process.
 */
export async function loadLocalKeys(dataSource: DataSource, settings: AuthSettings): Promise<LocalKeys> {
  if (settings.signingKeyPem !== undefined) {
    const signing = await toSigningKey(createPrivateKey(settings.signingKeyPem));

    return { signing, publicJwks: [signing.publicJwk] };
  }

  const rows = await dataSource.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [SIGNING_KEY_LOCK]);
    const existing: SigningKeyRow[] = await manager.query(
      'SELECT key_id, private_key_pem, public_jwk FROM signing_keys ORDER BY created_at DESC, key_id',
    );
    if (existing.length > 0) {
      return existing;
    }
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const generated = await toSigningKey(privateKey);
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    await manager.query(
      'INSERT INTO signing_keys (key_id, algorithm, private_key_pem, public_jwk) VALUES ($1, $2, $3, $4)',
      [generated.keyId, LOCAL_SIGNING_ALGORITHM, pem, generated.publicJwk],
    );

    return [{ key_id: generated.keyId, private_key_pem: pem, public_jwk: generated.publicJwk }];
  });

  const signing = await toSigningKey(createPrivateKey(rows[0].private_key_pem));

  return { signing, publicJwks: rows.map((row) => row.public_jwk) };
}
