/**
 * A child process of the benchmark that runs some of the WebSocket subscribers, so that their
 * message handling does not run on the benchmark's own event loop. It is started by
 * `SubscriberPool` with the status URL and the number of clients as arguments and the access
 * token in BENCH_STATUS_TOKEN, and talks to its parent over the IPC channel.
 */
import { io, Socket } from 'socket.io-client';

import type {
  ExecutionEventMessage,
  ExecutionView,
  StatusClientToServerEvents,
  StatusServerToClientEvents,
  SubscribeAck,
} from '@drs/contracts';

import type { ParentMessage, SubscriberMessage } from './subscriber-pool';

type StatusSocket = Socket<StatusServerToClientEvents, StatusClientToServerEvents>;

interface Subscriber {
  socket: StatusSocket;
  /** Sequence number of the last event applied; null until the snapshot arrived. */
  lastSeq: number | null;
  /** Events that arrived before the snapshot, with their arrival time. */
  early: Array<{ event: ExecutionEventMessage; receivedAtMs: number }>;
  completed: boolean;
}

const [statusUrl, countArgument] = process.argv.slice(2);
const token = process.env.BENCH_STATUS_TOKEN ?? '';
const subscribers: Subscriber[] = [];
/** Pairs of an event's `createdAt` and its receive time, in ms since the epoch, one per event per client. */
const deliveries: number[] = [];
/** Events whose sequence number skipped one or more after the previous event on the same client. */
let gaps = 0;
let announcedCompletion = false;

function send(message: SubscriberMessage): void {
  process.send?.(message);
}

function apply(subscriber: Subscriber, event: ExecutionEventMessage, receivedAtMs: number): void {
  const lastSeq = subscriber.lastSeq as number;
  // The snapshot already contains the events up to its own sequence number.
  if (event.seq <= lastSeq) {
    return;
  }
  deliveries.push(Date.parse(event.createdAt), receivedAtMs);
  if (event.seq !== lastSeq + 1) {
    gaps += 1;
  }
  subscriber.lastSeq = event.seq;
  if (event.type === 'execution.completed') {
    subscriber.completed = true;
    if (!announcedCompletion && subscribers.every((item) => item.completed)) {
      announcedCompletion = true;
      send({ type: 'all-completed' });
    }
  }
}

function connect(): Promise<Subscriber> {
  const socket: StatusSocket = io(statusUrl, {
    transports: ['websocket'],
    auth: { token },
    // Without forceNew, socket.io-client shares one connection among clients of the same URL.
    forceNew: true,
    reconnection: false,
  });
  const subscriber: Subscriber = { socket, lastSeq: null, early: [], completed: false };
  socket.on('snapshot', (snapshot: ExecutionView) => {
    subscriber.lastSeq = snapshot.lastEventSeq;
    // The client joins the room before the snapshot is read, so events may arrive first.
    for (const { event, receivedAtMs } of subscriber.early.sort((a, b) => a.event.seq - b.event.seq)) {
      apply(subscriber, event, receivedAtMs);
    }
    subscriber.early = [];
  });
  socket.on('execution-event', (event: ExecutionEventMessage) => {
    const receivedAtMs = Date.now();
    if (subscriber.lastSeq === null) {
      subscriber.early.push({ event, receivedAtMs });
      return;
    }
    apply(subscriber, event, receivedAtMs);
  });

  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(subscriber));
    socket.once('connect_error', (error) => reject(new Error(`status socket rejected: ${error.message}`)));
  });
}

function subscribe(subscriber: Subscriber, executionId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    subscriber.socket.emit('subscribe', { executionId }, (ack: SubscribeAck) =>
      ack.ok ? resolve() : reject(new Error(`subscribe failed: ${ack.code}: ${ack.message}`)),
    );
  });
}

async function onParentMessage(message: ParentMessage): Promise<void> {
  switch (message.type) {
    case 'subscribe':
      await Promise.all(subscribers.map((subscriber) => subscribe(subscriber, message.executionId)));
      send({ type: 'subscribed' });
      return;
    case 'finish':
      process.send?.(
        {
          type: 'result',
          deliveries,
          gaps,
          completedClients: subscribers.filter((subscriber) => subscriber.completed).length,
          cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
        } satisfies SubscriberMessage,
        // Disconnecting only once the result left, or the parent may see the exit first.
        () => {
          subscribers.forEach((subscriber) => subscriber.socket.close());
          process.disconnect?.();
        },
      );
      return;
  }
}

async function main(): Promise<void> {
  const count = Number(countArgument);
  for (let index = 0; index < count; index += 1) {
    subscribers.push(await connect());
  }
  process.on('message', (message: ParentMessage) => {
    onParentMessage(message).catch((error: Error) => send({ type: 'error', message: error.message }));
  });
  send({ type: 'connected', clients: subscribers.length });
}

main().catch((error: Error) => {
  send({ type: 'error', message: error.message });
  process.exitCode = 1;
  process.disconnect?.();
});
