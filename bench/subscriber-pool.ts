import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

import { LatencySummary, summarizeLatencies } from './latency-summary';

export type ParentMessage = { type: 'subscribe'; executionId: string } | { type: 'finish' };

export type SubscriberMessage =
  | { type: 'connected'; clients: number }
  | { type: 'subscribed' }
  | { type: 'all-completed' }
  | { type: 'result'; deliveries: number[]; gaps: number; completedClients: number; cpuMs: number }
  | { type: 'error'; message: string };

export interface SubscriberResult {
  clients: number;
  /**
   * From each event's `createdAt` to its arrival at a client, for events created once every
   * client had subscribed. Arrival is when the process read the bytes from the client's socket,
   * plus the time that client then spent decoding them: what one client on its own machine
   * would measure.
   */
  latency: LatencySummary;
  /**
   * The same events timed when their process got to them, which adds the time spent on the
   * other clients of the same process: they share one event loop, and the processes share the
   * services' CPUs.
   */
  latencyInProcess: LatencySummary;
  /** Deliveries of events created while clients were still subscribing, left out of `latency`. */
  duringSubscribe: LatencySummary;
  /** Events that skipped one or more sequence numbers after the previous event on the same client. */
  gaps: number;
  /** Clients that received `execution.completed`. */
  completedClients: number;
  /** CPU time the subscriber processes used on this machine, which the services did not get. */
  clientCpuMs: number;
}

function nextMessage<T extends SubscriberMessage['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
): Promise<Extract<SubscriberMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`subscriber process ${child.pid} sent no "${type}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: SubscriberMessage) => {
      if (message.type === 'error') {
        cleanup();
        reject(new Error(`subscriber process ${child.pid}: ${message.message}`));
      } else if (message.type === type) {
        cleanup();
        resolve(message as Extract<SubscriberMessage, { type: T }>);
      }
    };
    // 'disconnect' comes after every message the child sent has been read, unlike 'exit'.
    const onDisconnect = () => {
      cleanup();
      reject(new Error(`subscriber process ${child.pid} closed its channel before "${type}"`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('disconnect', onDisconnect);
    };
    child.on('message', onMessage);
    child.once('disconnect', onDisconnect);
  });
}

/**
 * WebSocket clients of the status service spread over a few child processes, each recording how
 * long every event took from its `createdAt` to arrival.
 */
export class SubscriberPool {
  /** When the last client's subscription was acknowledged, so every client received the snapshot. */
  private subscribedAtMs = Infinity;
  /** Children whose clients have all received `execution.completed`; it may arrive before anyone waits. */
  private readonly completedChildren = new Set<ChildProcess>();

  private constructor(
    private readonly children: ChildProcess[],
    readonly clients: number,
  ) {
    for (const child of children) {
      child.on('message', (message: SubscriberMessage) => {
        if (message.type === 'all-completed') {
          this.completedChildren.add(child);
        }
      });
    }
  }

  static async start(
    statusUrl: string,
    token: string,
    clients: number,
    processes: number,
  ): Promise<SubscriberPool> {
    const entry = join(__dirname, 'subscriber-process.js');
    const children: ChildProcess[] = [];
    const perProcess = Math.ceil(clients / processes);
    for (let started = 0; started < clients; started += perProcess) {
      const count = Math.min(perProcess, clients - started);
      children.push(
        fork(entry, [statusUrl, String(count)], {
          env: { PATH: process.env.PATH ?? '', BENCH_STATUS_TOKEN: token },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        }),
      );
    }
    const pool = new SubscriberPool(children, clients);
    try {
      await Promise.all(children.map((child) => nextMessage(child, 'connected', 60_000)));
    } catch (error) {
      pool.kill();
      throw error;
    }

    return pool;
  }

  async subscribe(executionId: string): Promise<void> {
    const subscribed = this.children.map((child) => nextMessage(child, 'subscribed', 60_000));
    this.children.forEach((child) => child.send({ type: 'subscribe', executionId } satisfies ParentMessage));
    await Promise.all(subscribed);
    this.subscribedAtMs = Date.now();
  }

  /** Resolves when every client has received `execution.completed`, or after `timeoutMs` at the latest. */
  async waitForCompletion(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.completedChildren.size < this.children.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async finish(): Promise<SubscriberResult> {
    const results = this.children.map((child) => nextMessage(child, 'result', 30_000));
    this.children.forEach((child) => child.send({ type: 'finish' } satisfies ParentMessage));
    const messages = await Promise.all(results);
    const steady: number[] = [];
    const steadyInProcess: number[] = [];
    const early: number[] = [];
    for (const { deliveries } of messages) {
      for (let index = 0; index < deliveries.length; index += 3) {
        const createdAtMs = deliveries[index];
        const receivedAtMs = deliveries[index + 1];
        const handledAtMs = deliveries[index + 2];
        if (createdAtMs >= this.subscribedAtMs) {
          steady.push(receivedAtMs - createdAtMs);
          steadyInProcess.push(handledAtMs - createdAtMs);
        } else {
          early.push(receivedAtMs - createdAtMs);
        }
      }
    }

    return {
      clients: this.clients,
      latency: summarizeLatencies(steady),
      latencyInProcess: summarizeLatencies(steadyInProcess),
      duringSubscribe: summarizeLatencies(early),
      gaps: messages.reduce((sum, message) => sum + message.gaps, 0),
      completedClients: messages.reduce((sum, message) => sum + message.completedClients, 0),
      clientCpuMs: messages.reduce((sum, message) => sum + message.cpuMs, 0),
    };
  }

  /** Ends the child processes this pool started. */
  kill(): void {
    for (const child of this.children) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
      }
    }
  }
}
