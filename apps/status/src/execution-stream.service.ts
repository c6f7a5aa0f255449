import type { Socket as TcpSocket } from 'node:net';

import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Server, Socket } from 'socket.io';
import { DataSource, In, MoreThan } from 'typeorm';

import type {
  ExecutionEventMessage,
  ExecutionEventType,
  StatusClientToServerEvents,
  StatusServerToClientEvents,
} from '@drs/contracts';
import { ExecutionEventEntity, ExecutionEntity } from '@drs/persistence';

export type StatusServer = Server<StatusClientToServerEvents, StatusServerToClientEvents>;

/** How often rooms are compared with Postgres, to catch events that pub/sub dropped at the end of a run. */
const SWEEP_INTERVAL_MS = 1_000;
const MAX_EVENTS_PER_FILL = 5_000;

export function roomOf(executionId: string): string {
  return `execution:${executionId}`;
}

/**
 * Returns the TCP socket of a client that connected with the WebSocket transport directly,
 * because its first request (`socket.request`) is then the upgrade whose TCP socket the WebSocket
 * took over. Returns null for a client that started with long polling on another socket.
 */
function directWebSocketTcp(client: Socket): TcpSocket | null {
  const upgrade = client.request.headers.upgrade;
  if (client.conn.transport.name !== 'websocket' || upgrade?.toLowerCase() !== 'websocket') {
    return null;
  }

  return client.request.socket;
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
  /** Client sockets whose writes are held until the end of the current event-loop turn. */
  private readonly corked = new Set<TcpSocket>();
  /** Executions whose rooms were corked in this turn, so later events of a burst skip the loop. */
  private readonly heldRooms = new Set<string>();

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
    this.holdRoomWrites(executionId);
    for (const event of events) {
      if (event.seq !== next + 1) {
        this.logger.warn(`execution ${executionId}: event ${next + 1} missing in Postgres; stream waits`);
        break;
      }
      this.server.to(roomOf(executionId)).emit('execution-event', event);
      next = event.seq;
    }
    this.cursors.set(executionId, next);
  }

  /**
   * Corks the TCP socket of every client in the room until the end of this event-loop turn.
   * Events published together arrive together, so a burst of them then reaches each client in
   * one write instead of one system call per event and client, which is what limited delivery
   * to hundreds of subscribers. Clients that started with long polling are written as before.
   */
  private holdRoomWrites(executionId: string): void {
    const server = this.server;
    const members = server?.sockets.adapter.rooms.get(roomOf(executionId));
    if (!server || !members || this.heldRooms.has(executionId)) {
      return;
    }
    const releaseNeeded = this.heldRooms.size === 0;
    this.heldRooms.add(executionId);
    for (const id of members) {
      const client = server.sockets.sockets.get(id);
      const tcp = client ? directWebSocketTcp(client) : null;
      if (tcp && !this.corked.has(tcp)) {
        tcp.cork();
        this.corked.add(tcp);
      }
    }
    if (releaseNeeded) {
      setImmediate(() => this.releaseWrites());
    }
  }

  private releaseWrites(): void {
    for (const tcp of this.corked) {
      tcp.uncork();
    }
    this.corked.clear();
    this.heldRooms.clear();
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
    this.releaseWrites();
  }
}
