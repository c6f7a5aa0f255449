import { Logger } from '@nestjs/common';

export interface DependencyCheck {
  name: string;
  check: () => Promise<unknown>;
}

/**
 * Waits until every dependency answers, retrying each one with a growing delay and logging what
 * is still missing. Workers call this before they take their first job.
 */
export async function waitForDependencies(
  checks: DependencyCheck[],
  logger: Logger,
  options: { maxDelayMs?: number; shouldStop?: () => boolean } = {},
): Promise<boolean> {
  const maxDelayMs = options.maxDelayMs ?? 5_000;
  for (const dependency of checks) {
    let delayMs = 200;
    for (;;) {
      if (options.shouldStop?.()) {
        return false;
      }
      try {
        await dependency.check();
        logger.log(`${dependency.name} is reachable`);
        break;
      } catch (error) {
        logger.warn(`waiting for ${dependency.name}: ${(error as Error).message}; next try in ${delayMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        delayMs = Math.min(maxDelayMs, delayMs * 2);
      }
    }
  }

  return true;
}
