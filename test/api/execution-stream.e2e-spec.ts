import { io, Socket } from 'socket.io-client';

import type {
  ExecutionEventMessage,
  ExecutionView,
  StatusClientToServerEvents,
  StatusServerToClientEvents,
  SubscribeAck,
} from '@drs/contracts';
import { Role } from '@drs/domain';
import { PendingEvent, runUnitOfWork } from '@drs/persistence';

import { ExecutionStream } from '../../apps/status/src/execution-stream.service';
import { ApiTestEnvironment, startApiTestEnvironment } from '../support/api-test-environment';
import { createPlan, createTagGroup, startExecution } from '../support/api-fixtures';
import { startStatusTestServer, StatusTestServer } from '../support/status-test-server';

type StatusSocket = Socket<StatusServerToClientEvents, StatusClientToServerEvents>;

/** A subscribed client and everything it received, in arrival order. */
interface Watcher {
  socket: StatusSocket;
  snapshot: ExecutionView;
  events: ExecutionEventMessage[];
}

function serverStatus(index: number): PendingEvent {
  return {
    type: 'server.status',
    payload: {
      sourceServerId: `s-${String(index).padStart(17, '0')}`,
      hostname: `host-${index}.example.internal`,
      wave: 'Web',
      status: 'LAUNCHING',
      drsJobId: 'drsjob-00000000000000001',
      recoveryInstanceId: null,
      failureReason: null,
    },
  };
}

async function watch(url: string, token: string, transport: 'websocket' | 'polling', executionId: string) {
  const socket: StatusSocket = io(url, {
    transports: [transport],
    auth: { token },
    forceNew: true,
    reconnection: false,
  });
  const events: ExecutionEventMessage[] = [];
  const snapshot = new Promise<ExecutionView>((resolve) => socket.once('snapshot', resolve));
  socket.on('execution-event', (event) => events.push(event));
  const ack = await new Promise<SubscribeAck>((resolve) =>
    socket.emit('subscribe', { executionId }, resolve),
  );
  if (!ack.ok) {
    socket.close();
    throw new Error(`subscribe over ${transport} failed: ${ack.code}: ${ack.message}`);
  }

  return { socket, snapshot: await snapshot, events } satisfies Watcher;
}

async function waitForSeq(watcher: Watcher, seq: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!watcher.events.some((event) => event.seq >= seq)) {
    if (Date.now() > deadline) {
      throw new Error(`no event ${seq} within 10 s; last was ${watcher.events.at(-1)?.seq ?? 'none'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Returns the events a client received after its snapshot, the ones a client applies. */
function afterSnapshot(watcher: Watcher): ExecutionEventMessage[] {
  return watcher.events.filter((event) => event.seq > watcher.snapshot.lastEventSeq);
}

describe('execution event stream', () => {
  let env: ApiTestEnvironment;
  let status: StatusTestServer;
  let stream: ExecutionStream;
  let token: string;

  beforeAll(async () => {
    env = await startApiTestEnvironment();
    status = await startStatusTestServer(env.config);
    stream = status.app.get(ExecutionStream);
    token = await env.tokenFor(Role.Viewer);
  });

  afterAll(async () => {
    await status?.close();
    await env?.close();
  });

  async function newExecution(): Promise<string> {
    const group = await createTagGroup(env, { Tier: ['Web'] });

    return startExecution(env, await createPlan(env, [group]));
  }

  async function append(executionId: string, events: PendingEvent[]): Promise<ExecutionEventMessage[]> {
    const { result } = await runUnitOfWork(env.dataSource, (unit) => unit.appendEvents(executionId, events));

    return result;
  }

  it('sends a burst to WebSocket and polling clients in order', async () => {
    const executionId = await newExecution();
    const watchers = [
      await watch(status.url, token, 'websocket', executionId),
      await watch(status.url, token, 'websocket', executionId),
      await watch(status.url, token, 'polling', executionId),
    ];
    const burst = await append(
      executionId,
      Array.from({ length: 60 }, (_, index) => serverStatus(index)),
    );

    // One transaction's events reach the status service together, in one turn of its event loop.
    await Promise.all(burst.map((event) => stream.onPublished(event)));
    for (const watcher of watchers) {
      await waitForSeq(watcher, burst[burst.length - 1].seq);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    watchers.forEach((watcher) => watcher.socket.close());

    for (const watcher of watchers) {
      expect(afterSnapshot(watcher)).toEqual(burst);
    }
  });

  it('keeps order across bursts published in separate turns', async () => {
    const executionId = await newExecution();
    const watcher = await watch(status.url, token, 'websocket', executionId);
    const published: ExecutionEventMessage[] = [];

    for (let burst = 0; burst < 5; burst++) {
      const events = await append(
        executionId,
        Array.from({ length: burst + 1 }, (_, index) => serverStatus(burst * 10 + index)),
      );
      events.forEach((event) => void stream.onPublished(event));
      published.push(...events);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitForSeq(watcher, published[published.length - 1].seq);
    await new Promise((resolve) => setTimeout(resolve, 200));
    watcher.socket.close();

    expect(afterSnapshot(watcher)).toEqual(published);
  });

  it('fills events that pub/sub dropped from Postgres', async () => {
    const executionId = await newExecution();
    const watchers = [
      await watch(status.url, token, 'websocket', executionId),
      await watch(status.url, token, 'polling', executionId),
    ];
    const stored = await append(
      executionId,
      Array.from({ length: 20 }, (_, index) => serverStatus(index)),
    );

    await stream.onPublished(stored[stored.length - 1]);
    for (const watcher of watchers) {
      await waitForSeq(watcher, stored[stored.length - 1].seq);
    }
    watchers.forEach((watcher) => watcher.socket.close());

    for (const watcher of watchers) {
      expect(afterSnapshot(watcher).map((event) => event.seq)).toEqual(stored.map((event) => event.seq));
      expect(afterSnapshot(watcher).map((event) => event.payload)).toEqual(
        stored.map((event) => event.payload),
      );
    }
  });

  it('sends an event larger than 64 KiB intact', async () => {
    const executionId = await newExecution();
    const watcher = await watch(status.url, token, 'websocket', executionId);
    const sourceServerIds = Array.from(
      { length: 4_000 },
      (_, index) => `s-${String(index).padStart(17, '0')}`,
    );
    const [submitted, after] = await append(executionId, [
      {
        type: 'batch.submitted',
        payload: {
          wave: 'Wave with a long name, ünïcödé and "quotes"',
          batchId: '00000000-0000-4000-8000-000000000001',
          drsJobId: 'drsjob-00000000000000002',
          attempt: 1,
          accountId: '123456789012',
          region: 'us-east-1',
          sourceServerIds,
          recovered: false,
        },
      },
      serverStatus(1),
    ]);
    expect(JSON.stringify(submitted).length).toBeGreaterThan(65_535);

    void stream.onPublished(submitted);
    void stream.onPublished(after);
    await waitForSeq(watcher, after.seq);
    watcher.socket.close();

    expect(afterSnapshot(watcher)).toEqual([submitted, after]);
  });
});
