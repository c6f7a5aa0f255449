import { SettingsError } from './settings';
import { DEFAULT_THROTTLING, operationFamily, parseThrottlingPatch, RequestRateLimiter } from './throttling';

describe(RequestRateLimiter.name, () => {
  function limiter(): { limiter: RequestRateLimiter; advanceMs: (ms: number) => void } {
    let nowMs = 0;
    const rateLimiter = new RequestRateLimiter(
      { enabled: true, read: { ratePerSecond: 2, burst: 3 }, write: { ratePerSecond: 1, burst: 1 } },
      () => nowMs,
    );

    return { limiter: rateLimiter, advanceMs: (ms) => (nowMs += ms) };
  }

  it('allows a burst, then returns seconds until the next token', () => {
    const { limiter: rateLimiter } = limiter();
    const answers = Array.from({ length: 4 }, () => rateLimiter.take('1', 'r', 'DescribeJobs'));

    expect(answers).toEqual([undefined, undefined, undefined, 1]);
  });

  it('refills at the configured rate', () => {
    const { limiter: rateLimiter, advanceMs } = limiter();
    rateLimiter.take('1', 'r', 'StartRecovery');
    expect(rateLimiter.take('1', 'r', 'StartRecovery')).toBe(1);

    advanceMs(1000);
    expect(rateLimiter.take('1', 'r', 'StartRecovery')).toBeUndefined();
  });

  it('keeps one bucket per account, Region and family', () => {
    const { limiter: rateLimiter } = limiter();
    rateLimiter.take('1', 'r', 'StartRecovery');

    expect(rateLimiter.take('1', 'r', 'StartRecovery')).toBe(1);
    expect(rateLimiter.take('1', 'r', 'DescribeJobs')).toBeUndefined();
    expect(rateLimiter.take('2', 'r', 'StartRecovery')).toBeUndefined();
    expect(rateLimiter.take('1', 'other', 'StartRecovery')).toBeUndefined();
  });

  it('rounds Retry-After up for slow rates', () => {
    const rateLimiter = new RequestRateLimiter(
      { ...DEFAULT_THROTTLING, write: { ratePerSecond: 0.1, burst: 1 } },
      () => 0,
    );
    rateLimiter.take('1', 'r', 'TagResource');

    expect(rateLimiter.take('1', 'r', 'TagResource')).toBe(10);
  });

  it('lets everything through when disabled', () => {
    const { limiter: rateLimiter } = limiter();
    rateLimiter.update({ enabled: false });

    expect(Array.from({ length: 10 }, () => rateLimiter.take('1', 'r', 'StartRecovery'))).not.toContain(1);
  });
});

describe(operationFamily.name, () => {
  it('groups Describe, List and Get as reads', () => {
    expect(['DescribeJobs', 'ListLaunchActions', 'GetLaunchConfiguration'].map(operationFamily)).toEqual([
      'read',
      'read',
      'read',
    ]);
    expect(['StartRecovery', 'TagResource', 'DeleteJob'].map(operationFamily)).toEqual([
      'write',
      'write',
      'write',
    ]);
  });
});

describe(parseThrottlingPatch.name, () => {
  it('accepts partial buckets', () => {
    expect(parseThrottlingPatch({ enabled: false, read: { burst: 5 } })).toEqual({
      enabled: false,
      read: { burst: 5 },
    });
  });

  it('lists every problem', () => {
    const parse = () =>
      parseThrottlingPatch({ enabled: 'no', write: { ratePerSecond: 0, burst: 1.5, size: 1 }, slow: {} });

    expect(parse).toThrow(SettingsError);
    expect(parse).toThrow(/unknown member "slow"/);
    expect(parse).toThrow(/enabled must be true or false/);
    expect(parse).toThrow(/write.ratePerSecond must be a number greater than 0/);
    expect(parse).toThrow(/write.burst must be an integer of 1 or more/);
    expect(parse).toThrow(/write.size is unknown/);
  });
});
