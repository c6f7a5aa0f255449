import {
  decodePasswordHash,
  encodePasswordHash,
  hashPassword,
  SCRYPT_PARAMETERS,
  verifyPassword,
} from './password-hash';

describe('password hashing', () => {
  it('verifies the password it hashed and rejects another', async () => {
    const stored = await hashPassword('correct horse battery staple');

    await expect(verifyPassword('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stable', stored)).resolves.toBe(false);
  });

  it('stores a fresh salt and the scrypt parameters with each hash', async () => {
    const first = await hashPassword('same password twice');
    const second = await hashPassword('same password twice');

    expect(first.salt.equals(second.salt)).toBe(false);
    expect(first.hash.equals(second.hash)).toBe(false);
    expect(first).toMatchObject(SCRYPT_PARAMETERS);
  });

  it('round-trips the text form used in AUTH_USERS', async () => {
    const stored = await hashPassword('configured password');

    const decoded = decodePasswordHash(encodePasswordHash(stored));

    expect(decoded).toEqual(stored);
    await expect(verifyPassword('configured password', decoded)).resolves.toBe(true);
  });

  it.each(['', 'bcrypt$10$x$y', 'scrypt$1000$8$1$c2FsdA$aGFzaA', 'scrypt$16384$8$1$$aGFzaA'])(
    'rejects the malformed hash "%s"',
    (encoded) => {
      expect(() => decodePasswordHash(encoded)).toThrow(/Invalid password hash/);
    },
  );
});
