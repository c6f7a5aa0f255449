import { isJsonObject } from './json';
import { SettingsError } from './settings';

/** Operations share a request-rate bucket by family: reads (Describe*, List*, Get*) and writes (the rest). */
export type OperationFamily = 'read' | 'write';

export interface TokenBucketSettings {
  /** Tokens added per second; one request takes one token. */
  ratePerSecond: number;
  /** Bucket size: the most requests that can arrive at once after a quiet period. */
  burst: number;
}

export interface ThrottlingSettings {
  enabled: boolean;
  read: TokenBucketSettings;
  write: TokenBucketSettings;
}

export interface ThrottlingPatch {
  enabled?: boolean;
  read?: Partial<TokenBucketSettings>;
  write?: Partial<TokenBucketSettings>;
}

/**
 * AWS documents no request rates for DRS. These defaults are the emulator's own and generous on
 * purpose: several orchestrator processes polling DescribeJobs every 100 ms stay far below them.
 */
export const DEFAULT_THROTTLING: Readonly<ThrottlingSettings> = {
  enabled: true,
  read: { ratePerSecond: 400, burst: 800 },
  write: { ratePerSecond: 100, burst: 300 },
};

const FAMILIES: OperationFamily[] = ['read', 'write'];

export function operationFamily(operationName: string): OperationFamily {
  return /^(Describe|List|Get)/.test(operationName) ? 'read' : 'write';
}

interface Bucket {
  tokens: number;
  updatedAtMs: number;
}

/**
 * A token bucket per account, Region and operation family. Buckets refill on a monotonic real-time
 * clock rather than the emulator's clock: they limit how fast real clients send requests, so a
 * manual or scaled emulator clock must not change them.
 */
export class RequestRateLimiter {
  private settings: ThrottlingSettings;
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    initial: ThrottlingSettings,
    private readonly monotonicNowMs: () => number = () => performance.now(),
  ) {
    this.settings = copyThrottling(initial);
  }

  report(): ThrottlingSettings {
    return copyThrottling(this.settings);
  }

  /** Applies the patch and refills every bucket, so the new limits start from a full burst. */
  update(patch: ThrottlingPatch): void {
    this.settings = mergeThrottling(this.settings, patch);
    this.buckets.clear();
  }

  reset(settings: ThrottlingSettings): void {
    this.settings = copyThrottling(settings);
    this.buckets.clear();
  }

  /**
   * Takes one token for a request. Returns undefined when the request may go ahead, or the whole
   * seconds until a token is available (at least 1), for the Retry-After header.
   */
  take(accountID: string, region: string, operationName: string): number | undefined {
    if (!this.settings.enabled) {
      return undefined;
    }

    const family = operationFamily(operationName);
    const { ratePerSecond, burst } = this.settings[family];
    const key = `${accountID}/${region}/${family}`;
    const nowMs = this.monotonicNowMs();
    const bucket = this.buckets.get(key) ?? { tokens: burst, updatedAtMs: nowMs };

    const elapsedSeconds = Math.max(0, nowMs - bucket.updatedAtMs) / 1000;
    bucket.tokens = Math.min(burst, bucket.tokens + elapsedSeconds * ratePerSecond);
    bucket.updatedAtMs = nowMs;
    this.buckets.set(key, bucket);

    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }

    return Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond));
  }
}

/** Reads a throttling patch from untrusted JSON (the control API) and reports every problem at once. */
export function parseThrottlingPatch(value: unknown): ThrottlingPatch {
  if (!isJsonObject(value)) {
    throw new SettingsError('the throttling body must be a JSON object');
  }

  const problems: string[] = [];
  const patch: ThrottlingPatch = {};
  for (const key of Object.keys(value)) {
    if (key !== 'enabled' && !FAMILIES.includes(key as OperationFamily)) {
      problems.push(`unknown member "${key}"; expected enabled, read, write`);
    }
  }

  if (value.enabled !== undefined) {
    if (typeof value.enabled === 'boolean') {
      patch.enabled = value.enabled;
    } else {
      problems.push('enabled must be true or false');
    }
  }

  for (const family of FAMILIES) {
    const bucket = value[family];
    if (bucket === undefined) {
      continue;
    }
    if (!isJsonObject(bucket)) {
      problems.push(`${family} must be an object such as {"ratePerSecond": 10, "burst": 20}`);
      continue;
    }

    const parsed: Partial<TokenBucketSettings> = {};
    for (const [key, number] of Object.entries(bucket)) {
      if (key === 'ratePerSecond') {
        if (typeof number === 'number' && Number.isFinite(number) && number > 0) {
          parsed.ratePerSecond = number;
        } else {
          problems.push(`${family}.ratePerSecond must be a number greater than 0`);
        }
      } else if (key === 'burst') {
        if (typeof number === 'number' && Number.isInteger(number) && number >= 1) {
          parsed.burst = number;
        } else {
          problems.push(`${family}.burst must be an integer of 1 or more`);
        }
      } else {
        problems.push(`${family}.${key} is unknown; expected ratePerSecond, burst`);
      }
    }
    patch[family] = parsed;
  }

  if (problems.length > 0) {
    throw new SettingsError(`invalid throttling: ${problems.join('; ')}`);
  }

  return patch;
}

/** Returns `base` with the members the patch sets replaced. */
export function mergeThrottling(base: ThrottlingSettings, patch: ThrottlingPatch): ThrottlingSettings {
  return {
    enabled: patch.enabled ?? base.enabled,
    read: { ...base.read, ...patch.read },
    write: { ...base.write, ...patch.write },
  };
}

function copyThrottling(settings: ThrottlingSettings): ThrottlingSettings {
  return { enabled: settings.enabled, read: { ...settings.read }, write: { ...settings.write } };
}
