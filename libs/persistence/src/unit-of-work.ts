import { DataSource, EntityManager, ObjectLiteral, EntityTarget } from 'typeorm';

import type { ExecutionEventMessage, ExecutionEventPayloads, ExecutionEventType } from '@drs/contracts';

import { ExecutionEventEntity } from './entities/execution-event.entity';
import { OutboxMessageEntity } from './entities/outbox-message.entity';

export interface OutboxJob {
  outboxId: string;
  queue: string;
  jobName: string;
  jobId: string;
  payload: Record<string, unknown>;
  delayMs: number;
}

/** An event to append, before it has a sequence number. */
export type PendingEvent = {
  [T in ExecutionEventType]: { type: T; payload: ExecutionEventPayloads[T] };
}[ExecutionEventType];

export interface EnqueueOptions {
  /** Stable id; a second job with the same id is dropped by BullMQ. Defaults to `outbox-<row id>`. */
  jobId?: string;
  delayMs?: number;
}

/**
 * The work of one database transaction: state changes, the events they append and the queue jobs
 * they call for. Events and jobs are only published after the transaction commits.
 */
export class UnitOfWork {
  readonly events: ExecutionEventMessage[] = [];
  readonly jobs: OutboxJob[] = [];

  constructor(readonly manager: EntityManager) {}

  /** Appends the next numbered event of an execution; the counter row serializes writers. */
  async appendEvent<T extends ExecutionEventType>(
    executionId: string,
    type: T,
    payload: ExecutionEventPayloads[T],
  ): Promise<ExecutionEventMessage<T>> {
    // Wrapped in a CTE so that the driver returns plain rows (it returns [rows, count] for UPDATE).
    const rows: Array<{ last_event_seq: number }> = await this.manager.query(
      `WITH bumped AS (
         UPDATE executions SET last_event_seq = last_event_seq + 1 WHERE id = $1 RETURNING last_event_seq
       ) SELECT last_event_seq FROM bumped`,
      [executionId],
    );
    if (rows.length !== 1) {
      throw new Error(`Cannot append event "${type}": execution ${executionId} does not exist`);
    }
    const seq = rows[0].last_event_seq;

    const stored = await this.manager.save(
      this.manager.create(ExecutionEventEntity, {
        executionId,
        seq,
        type,
        payload: payload as Record<string, unknown>,
      }),
    );
    const event: ExecutionEventMessage<T> = {
      executionId,
      seq,
      type,
      payload,
      createdAt: stored.createdAt.toISOString(),
    };
    this.events.push(event);

    return event;
  }

  /** Appends several events of one execution with one counter update and one insert. */
  async appendEvents(executionId: string, events: PendingEvent[]): Promise<ExecutionEventMessage[]> {
    if (events.length === 0) {
      return [];
    }
    const rows: Array<{ last_event_seq: number }> = await this.manager.query(
      `WITH bumped AS (
         UPDATE executions SET last_event_seq = last_event_seq + $2 WHERE id = $1 RETURNING last_event_seq
       ) SELECT last_event_seq FROM bumped`,
      [executionId, events.length],
    );
    if (rows.length !== 1) {
      throw new Error(`Cannot append ${events.length} event(s): execution ${executionId} does not exist`);
    }
    const firstSeq = rows[0].last_event_seq - events.length + 1;
    const createdAt = new Date();
    const entities = events.map((event, index) =>
      this.manager.create(ExecutionEventEntity, {
        executionId,
        seq: firstSeq + index,
        type: event.type,
        payload: event.payload as Record<string, unknown>,
        createdAt,
      }),
    );
    // TypeORM's insert type rejects jsonb records; the rows are plain entities, so the cast is safe.
    await this.manager.insert(ExecutionEventEntity, entities as never[]);
    const messages = events.map(
      (event, index) =>
        ({
          executionId,
          seq: firstSeq + index,
          type: event.type,
          payload: event.payload,
          createdAt: createdAt.toISOString(),
        }) as ExecutionEventMessage,
    );
    this.events.push(...messages);

    return messages;
  }

  /** Writes a queue job into the outbox; it reaches BullMQ after the commit. */
  async enqueue(
    queue: string,
    jobName: string,
    payload: Record<string, unknown>,
    options: EnqueueOptions = {},
  ) {
    const inserted = await this.manager.save(
      this.manager.create(OutboxMessageEntity, {
        queue,
        jobName,
        jobId: options.jobId ?? '',
        payload,
        delayMs: options.delayMs ?? 0,
      }),
    );
    if (!options.jobId) {
      inserted.jobId = `outbox-${inserted.id}`;
      await this.manager.update(OutboxMessageEntity, { id: inserted.id }, { jobId: inserted.jobId });
    }
    this.jobs.push({
      outboxId: inserted.id,
      queue,
      jobName,
      jobId: inserted.jobId,
      payload,
      delayMs: inserted.delayMs,
    });
  }

  /**
   * Compare-and-set: moves one row from one of `expected` statuses to `next`, with other columns
   * set at the same time. Returns false when the row was not in an expected status.
   */
  async transition<E extends ObjectLiteral & { id: string; status: string }>(
    target: EntityTarget<E>,
    id: string,
    expected: readonly E['status'][],
    next: E['status'],
    changes: Partial<E> = {},
  ): Promise<boolean> {
    const result = await this.manager
      .createQueryBuilder()
      .update(target)
      .set({ ...changes, status: next } as never)
      .where('id = :id', { id })
      .andWhere('status IN (:...expected)', { expected })
      .execute();

    return (result.affected ?? 0) === 1;
  }
}

export interface UnitOfWorkResult<T> {
  result: T;
  events: ExecutionEventMessage[];
  jobs: OutboxJob[];
}

export async function runUnitOfWork<T>(
  dataSource: DataSource,
  work: (unit: UnitOfWork) => Promise<T>,
): Promise<UnitOfWorkResult<T>> {
  return dataSource.transaction(async (manager) => {
    const unit = new UnitOfWork(manager);
    const result = await work(unit);

    return { result, events: unit.events, jobs: unit.jobs };
  });
}
