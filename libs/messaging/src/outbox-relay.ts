import { Injectable, Logger } from '@nestjs/common';
import { DataSource, In, IsNull, LessThan } from 'typeorm';

import { OutboxJob, OutboxMessageEntity } from '@drs/persistence';

import { QueueRegistry } from './queue-registry';

/** Moves committed outbox rows into BullMQ and marks them published. */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
  ) {}

  /** Publishes the given rows; a row that fails stays unpublished for `republishPending`. */
  async publish(jobs: OutboxJob[]): Promise<number> {
    const published: string[] = [];
    for (const job of jobs) {
      try {
        await this.queues.get(job.queue).add(job.jobName, job.payload, {
          jobId: job.jobId,
          delay: job.delayMs > 0 ? job.delayMs : undefined,
        });
        published.push(job.outboxId);
      } catch (error) {
        this.logger.warn(
          `outbox ${job.outboxId}: job ${job.jobId} not queued yet: ${(error as Error).message}`,
        );
      }
    }
    if (published.length > 0) {
      await this.dataSource
        .getRepository(OutboxMessageEntity)
        .update({ id: In(published) }, { publishedAt: new Date() });
    }

    return published.length;
  }

  /** Re-sends rows that stayed unpublished for longer than `olderThanMs` (a crash after commit). */
  async republishPending(olderThanMs: number, limit = 500): Promise<number> {
    const rows = await this.dataSource.getRepository(OutboxMessageEntity).find({
      where: { publishedAt: IsNull(), createdAt: LessThan(new Date(Date.now() - olderThanMs)) },
      order: { id: 'ASC' },
      take: limit,
    });
    if (rows.length === 0) {
      return 0;
    }
    this.logger.log(`re-sending ${rows.length} outbox job(s) that were committed but never queued`);

    return this.publish(
      rows.map((row) => ({
        outboxId: row.id,
        queue: row.queue,
        jobName: row.jobName,
        jobId: row.jobId,
        payload: row.payload,
        delayMs: Math.max(0, row.delayMs - (Date.now() - row.createdAt.getTime())),
      })),
    );
  }
}
