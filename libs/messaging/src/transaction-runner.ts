import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { runUnitOfWork, UnitOfWork } from '@drs/persistence';

import { EventPublisher } from './event-publisher';
import { OutboxRelay } from './outbox-relay';

/**
 * Runs one transaction, then queues the jobs and publishes the events it recorded. Nothing
 * leaves the process before the commit, and nothing committed is lost if publishing fails:
 * jobs stay in the outbox and events stay in `execution_events`.
 */
@Injectable()
export class TransactionRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly events: EventPublisher,
  ) {}

  async run<T>(work: (unit: UnitOfWork) => Promise<T>): Promise<T> {
    const { result, events, jobs } = await runUnitOfWork(this.dataSource, work);
    // Events first: queueing the jobs takes a Redis round trip per job and an update of the
    // outbox, which operators watching the execution need not wait for.
    if (events.length > 0) {
      await this.events.publish(events);
    }
    if (jobs.length > 0) {
      await this.relay.publish(jobs);
    }

    return result;
  }
}
