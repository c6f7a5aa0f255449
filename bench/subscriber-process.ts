/**
 * A child process of the benchmark that runs some of the WebSocket subscribers, so that their
 * message handling does not run on the benchmark's own event loop. It is started by
 * `SubscriberPool` with the status URL and the number of clients as arguments and the access
 * token in BENCH_STATUS_TOKEN, and talks to its parent over the IPC channel.
 */
import { Agent, ClientRequestArgs } from 'node:http';
import { Socket as TcpSocket } from 'node:net';
import type { Duplex } from 'node:stream';

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
  /** Events that arrived before the snapshot, with their arrival and handling times. */
  early: Array<{ event: ExecutionEventMessage; handledAtMs: number; receivedAtMs: number }>;
  completed: boolean;
}

/** Bytes (or another event) that reached one client's TCP socket, held until its turn. */
interface HeldChunk {
  arrivedAtMs: number;
  deliver: () => void;
}

/** Held chunks of every client of this process, in arrival order. */
const heldChunks: HeldChunk[] = [];

/** The chunk whose messages are being handled, with when it arrived and when handling began. */
let handledChunk: { arrivedAtMs: number; startedAt: number } | null = null;

const [statusUrl, countArgument] = process.argv.slice(2);
const token = process.env.BENCH_STATUS_TOKEN ?? '';
const subscribers: Subscriber[] = [];
/**
 * Triples of an event's `createdAt`, its receive time as the client alone would see it and the
 * time this process handled it, in ms since the epoch, one triple per event per client.
 */
const deliveries: number[] = [];
/** Events whose sequence number skipped one or more after the previous event on the same client. */
let gaps = 0;
let announcedCompletion = false;

function send(message: SubscriberMessage): void {
  process.send?.(message);
}

/**
 * Returns when the client alone would have received the message being handled: when its bytes
 * were read from the client's socket, plus the time the client has spent on them so far. The other
 * clients of this process, which stand for other operators' machines, are left out.
 */
function clientReceiveTime(): number {
  if (!handledChunk) {
    return Date.now();
  }

  return handledChunk.arrivedAtMs + (performance.now() - handledChunk.startedAt);
}

/**
 * Handles the oldest held chunk, then lets the event loop read the sockets again before the
 * next one, so that a chunk is stamped when it arrives and not after the other clients' work.
 */
function handleNextChunk(): void {
  const chunk = heldChunks.shift();
  if (!chunk) {
    return;
  }
  handledChunk = { arrivedAtMs: chunk.arrivedAtMs, startedAt: performance.now() };
  chunk.deliver();
  // socket.io-client hands each decoded packet to listeners in process.nextTick, so the chunk
  // stays current until the ticks queued while delivering it have run.
  process.nextTick(() => {
    handledChunk = null;
  });
  if (heldChunks.length > 0) {
    setImmediate(handleNextChunk);
  }
}

/**
 * Makes each chunk that reaches `tcp` wait in `heldChunks`, stamped with its arrival time. A
 * burst reaches all clients of this process at once, and handling each client's messages right
 * away made the last client's arrival wait until the clients before it had decoded theirs.
 * Other events of the socket (end, close, error) wait behind its held data.
 */
function holdIncomingChunks(tcp: TcpSocket): void {
  const emit = tcp.emit.bind(tcp);
  let heldOfSocket = 0;
  tcp.emit = ((name: string | symbol, ...args: unknown[]): boolean => {
    if (name !== 'data' && heldOfSocket === 0) {
      return emit(name, ...args);
    }
    heldOfSocket += 1;
    heldChunks.push({
      arrivedAtMs: Date.now(),
      deliver: () => {
        heldOfSocket -= 1;
        emit(name, ...args);
      },
    });
    if (heldChunks.length === 1) {
      setImmediate(handleNextChunk);
    }

    return true;
  }) as TcpSocket['emit'];
}

/** An HTTP agent for one client that keeps the TCP socket it opens for the WebSocket upgrade. */
class SocketKeepingAgent extends Agent {
  socket: TcpSocket | null = null;

  override createConnection(
    options: ClientRequestArgs,
    callback?: (error: Error | null, stream: Duplex) => void,
  ): Duplex | null | undefined {
    const created = super.createConnection(options, callback);
    if (created instanceof TcpSocket) {
      this.socket = created;
    }

    return created;
  }
}

function apply(
  subscriber: Subscriber,
  event: ExecutionEventMessage,
  handledAtMs: number,
  receivedAtMs: number,
): void {
  const lastSeq = subscriber.lastSeq as number;
  // The snapshot already contains the events up to its own sequence number.
  if (event.seq <= lastSeq) {
    return;
  }
  deliveries.push(Date.parse(event.createdAt), receivedAtMs, handledAtMs);
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
  const agent = new SocketKeepingAgent();
  const socket: StatusSocket = io(statusUrl, {
    transports: ['websocket'],
    auth: { token },
    // Without forceNew, socket.io-client shares one connection among clients of the same URL.
    forceNew: true,
    reconnection: false,
    // engine.io-client passes the agent on to the WebSocket; its type only names the browser's values.
    agent: agent as unknown as boolean,
  });
  const subscriber: Subscriber = { socket, lastSeq: null, early: [], completed: false };
  socket.on('snapshot', (snapshot: ExecutionView) => {
    subscriber.lastSeq = snapshot.lastEventSeq;
    // The client joins the room before the snapshot is read, so events may arrive first.
    for (const { event, handledAtMs, receivedAtMs } of subscriber.early.sort(
      (a, b) => a.event.seq - b.event.seq,
    )) {
      apply(subscriber, event, handledAtMs, receivedAtMs);
    }
    subscriber.early = [];
  });
  socket.on('execution-event', (event: ExecutionEventMessage) => {
    const handledAtMs = Date.now();
    const receivedAtMs = clientReceiveTime();
    if (subscriber.lastSeq === null) {
      subscriber.early.push({ event, handledAtMs, receivedAtMs });
      return;
    }
    apply(subscriber, event, handledAtMs, receivedAtMs);
  });

  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      if (!agent.socket) {
        reject(
          new Error("subscriber setup failed: the WebSocket connection did not use the client's HTTP agent"),
        );
        return;
      }
      holdIncomingChunks(agent.socket);
      resolve(subscriber);
    });
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
