import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Server } from 'socket.io';
import { DataSource, In, MoreThan } from 'typeorm';

import type {
  ExecutionEventMessage,
  ExecutionEventType,
  StatusClientToServerEvents,
  StatusServerToClientEvents,
} from '@drs/contracts';
import { ExecutionEventEntity, ExecutionEntity } from '@drs/persistence';

import { encodeEventFrames, writePreEncodedFrames } from './event-frames';

export type StatusServer = Server<StatusClientToServerEvents, StatusServerToClientEvents>;

/** How often rooms are compared with Postgres, to catch events that pub/sub dropped at the end of a run. */
const SWEEP_INTERVAL_MS = 1_000;
const MAX_EVENTS_PER_FILL = 5_000;

export function roomOf(executionId: string): string {
  return `execution:${executionId}`;
}

export function toEventMessage(row: ExecutionEventEntity): ExecutionEventMessage {
  return {
    executionId: row.executionId,
    seq: row.seq,
    type: row.type as ExecutionEventType,
    payload: row.payload as never,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Forwards each execution's events to its room in sequence order with no gap. Pub/sub may drop
 * or reorder messages, so a room remembers the last sequence it sent and reads any missing
 * events from Postgres before sending a newer one.
 */
@Injectable()
export class ExecutionStream implements OnApplicationShutdown {
  private readonly logger = new Logger(ExecutionStream.name);
  private readonly cursors = new Map<string, number>();
  /** One chain of work per execution, so that its events leave in order. */
  private readonly chains = new Map<string, Promise<void>>();
  private server: StatusServer | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  /** Events to send at the end of this event-loop turn, by execution, in sequence order. */
  private readonly outgoing = new Map<string, ExecutionEventMessage[]>();

  constructor(private readonly dataSource: DataSource) {}

  attach(server: StatusServer): void {
    this.server = server;
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
  }

  /** Called when a client joined the room after loading a snapshot at `snapshotSeq`. */
  watch(executionId: string, snapshotSeq: number): void {
    if (!this.cursors.has(executionId)) {
      this.cursors.set(executionId, snapshotSeq);
    }
  }

  /** Drops rooms that no client listens to any more. */
  forgetEmptyRooms(): void {
    for (const executionId of this.cursors.keys()) {
      if (!this.server?.sockets.adapter.rooms.get(roomOf(executionId))?.size) {
        this.cursors.delete(executionId);
      }
    }
  }

  onPublished(event: ExecutionEventMessage): Promise<void> {
    return this.serialize(event.executionId, () => this.deliverUpTo(event.executionId, event.seq, event));
  }

  /** Events after `afterSeq`, for a client that has just received a snapshot. */
  async eventsAfter(
    executionId: string,
    afterSeq: number,
    upToSeq?: number,
  ): Promise<ExecutionEventMessage[]> {
    const rows = await this.dataSource.getRepository(ExecutionEventEntity).find({
      where: { executionId, seq: MoreThan(afterSeq) },
      order: { seq: 'ASC' },
      take: MAX_EVENTS_PER_FILL,
    });

    return rows.filter((row) => upToSeq === undefined || row.seq <= upToSeq).map(toEventMessage);
  }

  private async deliverUpTo(
    executionId: string,
    seq: number,
    published?: ExecutionEventMessage,
  ): Promise<void> {
    const cursor = this.cursors.get(executionId);
    if (cursor === undefined || seq <= cursor || !this.server) {
      return;
    }
    const events =
      published && seq === cursor + 1 ? [published] : await this.eventsAfter(executionId, cursor, seq);
    if (published && seq !== cursor + 1) {
      this.logger.debug(`execution ${executionId}: filled events ${cursor + 1}..${seq - 1} from Postgres`);
    }
    let next = cursor;
    const deliverable: ExecutionEventMessage[] = [];
    for (const event of events) {
      if (event.seq !== next + 1) {
        this.logger.warn(`execution ${executionId}: event ${next + 1} missing in Postgres; stream waits`);
        break;
      }
      deliverable.push(event);
      next = event.seq;
    }
    this.cursors.set(executionId, next);
    this.queue(executionId, deliverable);
  }

  /**
   * Holds events until the end of this event-loop turn. The events of one transaction are
   * published together and arrive from Redis in one read, so they all leave in the same flush.
   */
  private queue(executionId: string, events: ExecutionEventMessage[]): void {
    if (events.length === 0) {
      return;
    }
    if (this.outgoing.size === 0) {
      setImmediate(() => this.flushOutgoing());
    }
    const queued = this.outgoing.get(executionId);
    if (queued) {
      queued.push(...events);
    } else {
      this.outgoing.set(executionId, [...events]);
    }
  }

  private flushOutgoing(): void {
    const batches = [...this.outgoing];
    this.outgoing.clear();
    for (const [executionId, events] of batches) {
      try {
        this.sendToRoom(executionId, events);
      } catch (error) {
        // The cursor has moved past these events, so a client that missed them finds a gap in
        // `seq`. Only a new subscription sends them again.
        this.logger.error(
          `execution ${executionId}: events ${events[0].seq}..${events[events.length - 1].seq} not sent: ${(error as Error).message}`,
        );
      }
    }
  }

  /**
   * Sends a flush of events to every client in the room. The frames are encoded once, and the
   * same buffer goes to each WebSocket client in one write. Writing each event to each of 200
   * clients apart blocked the status service's event loop for 100-190 ms per burst in the
   * benchmark. Other clients (long polling, or while upgrading) receive one `emit` per event.
   */
  private sendToRoom(executionId: string, events: ExecutionEventMessage[]): void {
    const server = this.server;
    const members = server?.sockets.adapter.rooms.get(roomOf(executionId));
    if (!server || !members?.size) {
      return;
    }
    const frames = encodeEventFrames(server, events);
    const others: string[] = [];
    for (const id of members) {
      const client = server.sockets.sockets.get(id);
      if (!client) {
        continue;
      }
      if (!frames || !writePreEncodedFrames(client, frames)) {
        others.push(id);
      }
    }
    if (others.length === 0) {
      return;
    }
    for (const event of events) {
      server.to(others).emit('execution-event', event);
    }
  }

  private async sweep(): Promise<void> {
    this.forgetEmptyRooms();
    const watched = [...this.cursors.keys()];
    if (watched.length === 0) {
      return;
    }
    try {
      const executions = await this.dataSource.getRepository(ExecutionEntity).find({
        select: { id: true, lastEventSeq: true },
        where: { id: In(watched) },
      });
      for (const execution of executions) {
        if (execution.lastEventSeq > (this.cursors.get(execution.id) ?? Infinity)) {
          void this.serialize(execution.id, () => this.deliverUpTo(execution.id, execution.lastEventSeq));
        }
      }
    } catch (error) {
      this.logger.warn(`sweep failed: ${(error as Error).message}`);
    }
  }

  private serialize(executionId: string, work: () => Promise<void>): Promise<void> {
    const previous = this.chains.get(executionId) ?? Promise.resolve();
    const next = previous
      .then(work)
      .catch((error: Error) =>
        this.logger.warn(`execution ${executionId}: event delivery failed: ${error.message}`),
      );
    this.chains.set(executionId, next);
    void next.finally(() => {
      if (this.chains.get(executionId) === next) {
        this.chains.delete(executionId);
      }
    });

    return next;
  }

  onApplicationShutdown(): void {
    if (this.sweepTimer) {
      clearInterval(this.sweepTimer);
    }
  }
}
