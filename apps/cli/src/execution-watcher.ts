import { io, Socket } from 'socket.io-client';

import type {
  ExecutionEventMessage,
  ExecutionView,
  StatusClientToServerEvents,
  StatusServerToClientEvents,
  SubscribeAck,
} from '@drs/contracts';

import { ApiClient } from './api-client';

export interface WatchHandlers {
  onSnapshot?: (snapshot: ExecutionView) => void;
  onEvent?: (event: ExecutionEventMessage) => void;
}

/**
 * Follows one execution over the status service: a snapshot first, then events applied strictly
 * in sequence. An event that arrives early is held back and the missing ones are read over REST,
 * so a dropped message or a reconnect neither loses nor doubles anything.
 */
export class ExecutionWatcher {
  private socket: Socket<StatusServerToClientEvents, StatusClientToServerEvents> | null = null;
  private lastSeq = -1;
  private readonly pending = new Map<number, ExecutionEventMessage>();
  private filling = false;

  constructor(
    private readonly statusUrl: string,
    private readonly api: ApiClient,
    private readonly executionId: string,
    private readonly handlers: WatchHandlers,
  ) {}

  /** Connects and resolves once the first snapshot has been applied. */
  async start(): Promise<void> {
    const socket: Socket<StatusServerToClientEvents, StatusClientToServerEvents> = io(this.statusUrl, {
      transports: ['websocket'],
      // A function, so that a reconnect sends the token the client holds at that moment.
      auth: (send) => send({ token: this.api.accessToken }),
      reconnectionDelay: 200,
      reconnectionDelayMax: 2_000,
    });
    this.socket = socket;
    let firstSnapshot: () => void = () => undefined;
    let refused: (error: Error) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      firstSnapshot = resolve;
      refused = reject;
    });
    socket.on('connect_error', (error) => {
      // socket.io retries transport failures by itself; a handshake the server rejected is final.
      if (!socket.active) {
        refused(new Error(`The status service rejected the connection: ${error.message}`));
      }
    });

    socket.on('snapshot', (snapshot) => {
      if (snapshot.id !== this.executionId || snapshot.lastEventSeq < this.lastSeq) {
        return;
      }
      this.lastSeq = snapshot.lastEventSeq;
      this.handlers.onSnapshot?.(snapshot);
      this.drainPending();
      firstSnapshot();
    });
    socket.on('execution-event', (event) => this.receive(event));
    socket.on('connect', () => {
      socket.emit('subscribe', { executionId: this.executionId }, (ack: SubscribeAck) => {
        if (!ack.ok) {
          console.error(`Cannot follow execution ${this.executionId}: ${ack.code}: ${ack.message}`);
        }
      });
    });
    await ready;
  }

  close(): void {
    this.socket?.close();
    this.socket = null;
  }

  private receive(event: ExecutionEventMessage): void {
    if (event.executionId !== this.executionId || event.seq <= this.lastSeq) {
      return;
    }
    this.pending.set(event.seq, event);
    this.drainPending();
    if (this.pending.size > 0 && this.lastSeq >= 0) {
      void this.fillGap();
    }
  }

  private drainPending(): void {
    if (this.lastSeq < 0) {
      return;
    }
    for (const seq of [...this.pending.keys()].sort((left, right) => left - right)) {
      if (seq <= this.lastSeq) {
        this.pending.delete(seq);
        continue;
      }
      if (seq !== this.lastSeq + 1) {
        return;
      }
      const event = this.pending.get(seq) as ExecutionEventMessage;
      this.pending.delete(seq);
      this.lastSeq = seq;
      this.handlers.onEvent?.(event);
    }
  }

  private async fillGap(): Promise<void> {
    if (this.filling) {
      return;
    }
    this.filling = true;
    try {
      const page = await this.api.get<{ items: ExecutionEventMessage[] }>(
        `/executions/${this.executionId}/events?afterSeq=${this.lastSeq}&limit=500`,
      );
      for (const event of page.items) {
        if (event.seq > this.lastSeq) {
          this.pending.set(event.seq, event);
        }
      }
      this.drainPending();
    } catch (error) {
      console.error(
        `Could not read missing events of execution ${this.executionId}: ${(error as Error).message}`,
      );
    } finally {
      this.filling = false;
    }
  }
}
