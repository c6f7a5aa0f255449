import { LaunchOrder } from './statuses';

export interface LaunchCandidate {
  sourceServerId: string;
  accountId: string;
  region: string;
}

export interface PlannedBatch<T extends LaunchCandidate> {
  accountId: string;
  region: string;
  servers: T[];
}

/**
 * Splits the servers of one wave into the DRS jobs that will launch them. A job can only hold
 * servers of one account and Region. Parallel waves use as few jobs as the per-job quota allows;
 * sequential waves use one job per server, in the order given.
 */
export function planBatches<T extends LaunchCandidate>(
  servers: T[],
  order: LaunchOrder,
  maxServersPerJob: number,
): PlannedBatch<T>[] {
  if (order === LaunchOrder.Sequential) {
    return servers.map((server) => ({
      accountId: server.accountId,
      region: server.region,
      servers: [server],
    }));
  }

  const byTarget = new Map<string, T[]>();
  for (const server of servers) {
    const key = `${server.accountId}/${server.region}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), server]);
  }

  const batches: PlannedBatch<T>[] = [];
  for (const targetServers of byTarget.values()) {
    const jobCount = Math.ceil(targetServers.length / maxServersPerJob);
    // Even chunks (for example 2 x 75 rather than 100 + 50) keep job durations alike.
    const chunkSize = Math.ceil(targetServers.length / jobCount);
    for (let start = 0; start < targetServers.length; start += chunkSize) {
      const chunk = targetServers.slice(start, start + chunkSize);
      batches.push({ accountId: chunk[0].accountId, region: chunk[0].region, servers: chunk });
    }
  }

  return batches;
}
