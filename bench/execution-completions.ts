import { io, Socket } from 'socket.io-client';

import type {
  ExecutionEventMessage,
  ExecutionView,
  StatusClientToServerEvents,
  StatusServerToClientEvents,
  SubscribeAck,
} from '@drs/contracts';
import { TERMINAL_EXECUTION_STATUSES } from '@drs/domain';

/** HALTED waits for an operator, so the benchmark stops waiting there too and reports it. */
const ENDING_STATUSES = new Set<string>([...TERMINAL_EXECUTION_STATUSES, 'HALTED']);

interface Waiter {
  resolve: (status: string) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Follows executions over one status socket and resolves when each one ends, so that the next
 * plan of a workload starts as soon as a running execution has ended, without REST polling.
 */
export class ExecutionCompletions {
  private readonly waiters = new Map<string, Waiter>();

  private constructor(
    private readonly socket: Socket<StatusServerToClientEvents, StatusClientToServerEvents>,
  ) {
    socket.on('snapshot', (snapshot: ExecutionView) => {
      if (ENDING_STATUSES.has(snapshot.status)) {
        this.settle(snapshot.id, snapshot.status);
      }
    });
    socket.on('execution-event', (event: ExecutionEventMessage) => {
      if (event.type === 'execution.completed') {
        this.settle(event.executionId, (event.payload as { status: string }).status);
      } else if (event.type === 'execution.status-changed') {
        const { status } = event.payload as { status: string };
        if (status === 'HALTED') {
          this.settle(event.executionId, status);
        }
      }
    });
  }

  static async connect(statusUrl: string, token: string): Promise<ExecutionCompletions> {
    const socket: Socket<StatusServerToClientEvents, StatusClientToServerEvents> = io(statusUrl, {
      transports: ['websocket'],
      auth: { token },
      forceNew: true,
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) =>
        reject(new Error(`status socket at ${statusUrl} rejected the connection: ${error.message}`)),
      );
    });

    return new ExecutionCompletions(socket);
  }

  /** Subscribes to the execution and resolves with the status it ends in. */
  waitFor(executionId: string, timeoutMs: number): Promise<string> {
    const ended = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(executionId);
        reject(new Error(`execution ${executionId} did not end within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(executionId, { resolve, reject, timer });
    });
    this.socket.emit('subscribe', { executionId }, (ack: SubscribeAck) => {
      if (!ack.ok) {
        this.fail(
          executionId,
          new Error(`subscribing to execution ${executionId} failed: ${ack.code}: ${ack.message}`),
        );
      }
    });

    return ended;
  }

  close(): void {
    this.socket.close();
    for (const [executionId] of this.waiters) {
      this.fail(executionId, new Error(`stopped waiting for execution ${executionId}`));
    }
  }

  private settle(executionId: string, status: string): void {
    const waiter = this.waiters.get(executionId);
    if (waiter) {
      clearTimeout(waiter.timer);
      this.waiters.delete(executionId);
      waiter.resolve(status);
    }
  }

  private fail(executionId: string, error: Error): void {
    const waiter = this.waiters.get(executionId);
    if (waiter) {
      clearTimeout(waiter.timer);
      this.waiters.delete(executionId);
      waiter.reject(error);
    }
  }
}
