import IORedis, { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';

import { loadConfig } from '@drs/config';
import { freePort, removeKeysWithPrefix } from '@drs/local-stack';

import { RateLimiter, RateLimitScope } from '../../apps/api-gateway/src/security/rate-limiter';

const REDIS_URL = 'redis://127.0.0.1:6379';
const LIMIT = 3;

/** Two limiters on one prefix act as two replicas of the gateway sharing one Redis. */
describe(RateLimiter.name, () => {
  const prefix = `drs-rate-test-${randomBytes(6).toString('hex')}`;
  const connections: Redis[] = [];
  const limiters: RateLimiter[] = [];

  const createLimiter = (redisUrl = REDIS_URL): RateLimiter => {
    const config = loadConfig({
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      RATE_LIMIT_PER_USER: String(LIMIT),
      RATE_LIMIT_PER_ADDRESS: String(LIMIT),
      RATE_LIMIT_SIGN_INS_PER_ADDRESS: String(LIMIT),
    });
    const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1, retryStrategy: () => null });
    redis.on('error', () => undefined);
    connections.push(redis);
    const limiter = new RateLimiter(config, redis);
    limiters.push(limiter);

    return limiter;
  };
  const subject = () => `user-${randomBytes(4).toString('hex')}`;

  afterAll(async () => {
    limiters.forEach((limiter) => limiter.onModuleDestroy());
    connections.forEach((redis) => redis.disconnect());
    await removeKeysWithPrefix(REDIS_URL, prefix);
  });

  it('holds the limit exactly in one process', () => {
    const limiter = createLimiter();
    const caller = subject();

    const decisions = [1, 2, 3, 4].map(() => limiter.consume(RateLimitScope.User, caller));

    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3].limit).toBe(LIMIT);
    expect(decisions[3].retryAfterSeconds).toBeGreaterThan(0);
  });

  it('counts scopes and subjects apart', () => {
    const limiter = createLimiter();
    const caller = subject();
    for (let index = 0; index < LIMIT; index++) {
      limiter.consume(RateLimitScope.User, caller);
    }

    expect(limiter.consume(RateLimitScope.Address, caller).allowed).toBe(true);
    expect(limiter.consume(RateLimitScope.User, subject()).allowed).toBe(true);
  });

  it('counts the requests of two processes together after a sync', async () => {
    const first = createLimiter();
    const second = createLimiter();
    const caller = subject();
    for (let index = 0; index < LIMIT; index++) {
      expect(first.consume(RateLimitScope.User, caller).allowed).toBe(true);
    }
    await first.sync();

    // The second process has not synced yet, so it does not know the first one's requests.
    const beforeSync = second.consume(RateLimitScope.User, caller);
    await second.sync();
    const afterSync = second.consume(RateLimitScope.User, caller);

    expect(beforeSync.allowed).toBe(true);
    expect(afterSync.allowed).toBe(false);
  });

  it('counts sign-ins of two processes together at once', async () => {
    const first = createLimiter();
    const second = createLimiter();
    const address = subject();
    for (let index = 0; index < LIMIT; index++) {
      expect((await first.consumeSignIn(address)).allowed).toBe(true);
    }

    const decision = await second.consumeSignIn(address);

    expect(decision.allowed).toBe(false);
  });

  it('keeps the shared counter in Redis with an expiry', async () => {
    const limiter = createLimiter();
    limiter.consume(RateLimitScope.Address, subject());
    limiter.consume(RateLimitScope.Address, subject());
    await limiter.sync();
    const redis = connections[connections.length - 1];

    const keys = await redis.keys(`${prefix}:rate:address:*`);
    const ttls = await Promise.all(keys.map((key) => redis.pttl(key)));

    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(ttls.every((ttl) => ttl > 0)).toBe(true);
  });

  it('enforces the limits in each process while Redis does not respond', async () => {
    // Nothing listens on this port, so every Redis command fails.
    const limiter = createLimiter(`redis://127.0.0.1:${await freePort()}`);
    const address = subject();
    const decisions = [];
    for (let index = 0; index <= LIMIT; index++) {
      decisions.push(await limiter.consumeSignIn(address));
    }

    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, false]);
    expect(limiter.consume(RateLimitScope.User, address).allowed).toBe(true);
  });
});
