import {
  DescribeJobLogItemsCommand,
  DescribeJobsCommand,
  DescribeRecoveryInstancesCommand,
  DescribeSourceServersCommand,
  DrsClient,
  Job,
  JobLog,
  RecoveryInstance,
  SourceServer,
  StartRecoveryCommand,
  TerminateRecoveryInstancesCommand,
} from '@aws-sdk/client-drs';
import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';

import { APP_CONFIG, AppConfig, DrsTarget } from '@drs/config';
import { DomainError, ErrorCode } from '@drs/domain';

import { createDrsClients, DrsClients, targetKey } from './drs-client-factory';
import { classifyDrsError } from './drs-errors';

/** DescribeSourceServers and DescribeRecoveryInstances accept at most 200 ids per filter. */
const MAX_IDS_PER_FILTER = 200;
/** DescribeJobs accepts at most 1,000 job ids per filter. */
const MAX_JOB_IDS_PER_FILTER = 1_000;
const PAGE_SIZE = 200;

export interface StartRecoveryRequest {
  sourceServerIds: string[];
  isDrill: boolean;
  tags: Record<string, string>;
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }

  return chunks;
}

/**
 * The only door to DRS. One pair of clients per account and Region, a deadline on every call,
 * errors turned into `DrsCallError` with a kind the callers act on, and a count of calls per
 * operation for reports.
 */
@Injectable()
export class DrsAdapter implements OnModuleDestroy {
  private readonly logger = new Logger(DrsAdapter.name);
  private readonly clients = new Map<string, DrsClients>();
  private readonly callCounts = new Map<string, number>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The configured targets; DRS_ENDPOINT (the emulator) accepts any account named by a group. */
  get targets(): DrsTarget[] {
    return this.config.drs.targets;
  }

  isKnownTarget(accountId: string, region: string): boolean {
    return this.config.drs.targets.some(
      (target) => target.accountId === accountId && target.region === region,
    );
  }

  callCountsByOperation(): Record<string, number> {
    return Object.fromEntries(this.callCounts);
  }

  async listSourceServers(accountId: string, region: string): Promise<SourceServer[]> {
    const servers: SourceServer[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call(accountId, region, 'reader', 'DescribeSourceServers', (client, options) =>
        client.send(
          new DescribeSourceServersCommand({ filters: {}, maxResults: PAGE_SIZE, nextToken }),
          options,
        ),
      );
      servers.push(...(page.items ?? []));
      nextToken = page.nextToken || undefined;
    } while (nextToken);

    return servers;
  }

  /** Cheapest call that proves DRS answers for this account and Region. */
  async ping(accountId: string, region: string): Promise<void> {
    await this.call(accountId, region, 'reader', 'DescribeJobs', (client, options) =>
      client.send(new DescribeJobsCommand({ filters: {}, maxResults: 1 }), options),
    );
  }

  async startRecovery(accountId: string, region: string, request: StartRecoveryRequest): Promise<Job> {
    const output = await this.call(accountId, region, 'writer', 'StartRecovery', (client, options) =>
      client.send(
        new StartRecoveryCommand({
          sourceServers: request.sourceServerIds.map((sourceServerID) => ({ sourceServerID })),
          isDrill: request.isDrill,
          tags: request.tags,
        }),
        options,
      ),
    );
    if (!output.job?.jobID) {
      throw classifyDrsError('StartRecovery', { name: 'MissingJob', message: 'DRS returned no job' });
    }

    return output.job;
  }

  /** Describes the given jobs in as few calls as the 1,000-id filter allows. */
  async describeJobs(accountId: string, region: string, jobIds: string[]): Promise<Job[]> {
    const jobs: Job[] = [];
    for (const ids of chunk(jobIds, MAX_JOB_IDS_PER_FILTER)) {
      jobs.push(...(await this.describeJobPages(accountId, region, { jobIDs: ids })));
    }

    return jobs;
  }

  /** Jobs created since `fromDate` that carry every one of `tags`; how an unknown outcome is resolved. */
  async findJobsByTags(
    accountId: string,
    region: string,
    tags: Record<string, string>,
    fromDate: Date,
  ): Promise<Job[]> {
    // DescribeJobs dates are ISO 8601 strings without a fixed precision; whole seconds are always accepted.
    const from = new Date(Math.floor(fromDate.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    const jobs = await this.describeJobPages(accountId, region, { fromDate: from });

    return jobs.filter((job) => Object.entries(tags).every(([key, value]) => job.tags?.[key] === value));
  }

  async describeJobLogItems(accountId: string, region: string, jobId: string): Promise<JobLog[]> {
    const items: JobLog[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call(accountId, region, 'reader', 'DescribeJobLogItems', (client, options) =>
        client.send(
          new DescribeJobLogItemsCommand({ jobID: jobId, maxResults: PAGE_SIZE, nextToken }),
          options,
        ),
      );
      items.push(...(page.items ?? []));
      nextToken = page.nextToken || undefined;
    } while (nextToken);

    return items;
  }

  async describeRecoveryInstances(
    accountId: string,
    region: string,
    ids: string[],
  ): Promise<RecoveryInstance[]> {
    const instances: RecoveryInstance[] = [];
    for (const recoveryInstanceIDs of chunk(ids, MAX_IDS_PER_FILTER)) {
      let nextToken: string | undefined;
      do {
        const page = await this.call(
          accountId,
          region,
          'reader',
          'DescribeRecoveryInstances',
          (client, options) =>
            client.send(
              new DescribeRecoveryInstancesCommand({
                filters: { recoveryInstanceIDs },
                maxResults: PAGE_SIZE,
                nextToken,
              }),
              options,
            ),
        );
        instances.push(...(page.items ?? []));
        nextToken = page.nextToken || undefined;
      } while (nextToken);
    }

    return instances;
  }

  async terminateRecoveryInstances(
    accountId: string,
    region: string,
    recoveryInstanceIds: string[],
  ): Promise<Job> {
    const output = await this.call(
      accountId,
      region,
      'writer',
      'TerminateRecoveryInstances',
      (client, options) =>
        client.send(
          new TerminateRecoveryInstancesCommand({ recoveryInstanceIDs: recoveryInstanceIds }),
          options,
        ),
    );
    if (!output.job?.jobID) {
      throw classifyDrsError('TerminateRecoveryInstances', {
        name: 'MissingJob',
        message: 'DRS returned no job',
      });
    }

    return output.job;
  }

  onModuleDestroy(): void {
    for (const clients of this.clients.values()) {
      clients.reader.destroy();
      clients.writer.destroy();
    }
    this.clients.clear();
  }

  private async describeJobPages(
    accountId: string,
    region: string,
    filters: { jobIDs?: string[]; fromDate?: string },
  ): Promise<Job[]> {
    const jobs: Job[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call(accountId, region, 'reader', 'DescribeJobs', (client, options) =>
        client.send(new DescribeJobsCommand({ filters, maxResults: PAGE_SIZE, nextToken }), options),
      );
      jobs.push(...(page.items ?? []));
      nextToken = page.nextToken || undefined;
    } while (nextToken);

    return jobs;
  }

  private clientsFor(accountId: string, region: string): DrsClients {
    const key = targetKey(accountId, region);
    let clients = this.clients.get(key);
    if (!clients) {
      const configured = this.config.drs.targets.find(
        (target) => target.accountId === accountId && target.region === region,
      );
      if (!configured && !this.config.drs.endpoint) {
        throw new DomainError(
          ErrorCode.UnknownDrsTarget,
          `Account ${accountId} in ${region} is not configured; add it to DRS_TARGETS`,
          { accountId, region },
        );
      }
      clients = createDrsClients(this.config.drs, configured ?? { accountId, region });
      this.clients.set(key, clients);
    }

    return clients;
  }

  private async call<Output>(
    accountId: string,
    region: string,
    role: keyof DrsClients,
    operation: string,
    invoke: (client: DrsClient, options: { abortSignal: AbortSignal }) => Promise<Output>,
  ): Promise<Output> {
    this.callCounts.set(operation, (this.callCounts.get(operation) ?? 0) + 1);
    const client = this.clientsFor(accountId, region)[role];
    // Not AbortSignal.timeout: Node keeps such a signal alive until its timeout fires, even when
    // the call ended long before. Its abort listener reaches the SDK's request and the whole
    // response body, so every DRS response of the last 10 s (the default deadline) stayed in
    // memory. A plain controller and a cleared timer release them when the call ends.
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new DOMException('The DRS call timed out', 'TimeoutError')),
      this.config.drs.callTimeoutMs,
    );
    try {
      return await invoke(client, { abortSignal: deadline.signal });
    } catch (error) {
      const classified = classifyDrsError(operation, error);
      this.logger.debug(`${accountId}/${region}: ${classified.message}`);
      throw classified;
    } finally {
      clearTimeout(timer);
    }
  }
}
