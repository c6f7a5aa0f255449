import type { ExecutionEventMessage, ExecutionEventPayloads, ExecutionView } from '@drs/contracts';

import { applySnapshot, countServers, EMPTY_LIVE_STATE, receiveEvent } from './execution-state';

function server(sourceServerId: string, status = 'PENDING') {
  return {
    sourceServerId,
    hostname: `host-${sourceServerId}`,
    accountId: '123456789012',
    region: 'us-east-1',
    osFamily: 'LINUX',
    groupName: 'db',
    status,
    attempt: 1,
    drsJobId: null,
    recoveryInstanceId: null,
    failureReason: null,
    launchRequestedAt: null,
    launchStartedAt: null,
    launchEndedAt: null,
    instanceTerminatedAt: null,
  };
}

function snapshot(lastEventSeq: number, status = 'PENDING'): ExecutionView {
  return {
    id: 'e1',
    planId: 'p1',
    planName: 'orders',
    planVersion: 1,
    mode: 'DRILL',
    status: 'RUNNING',
    statusReason: null,
    cleanupStatus: 'NOT_REQUESTED',
    createdAt: '2026-12-04T10:00:00.000Z',
    startedAt: '2026-12-04T10:00:01.000Z',
    endedAt: null,
    readinessWarnings: [],
    lastEventSeq,
    waves: [
      {
        name: 'db',
        position: 0,
        launchOrder: 'parallel',
        dependsOn: [],
        failurePolicy: 'halt',
        status: 'RUNNING',
        statusReason: null,
        startedAt: null,
        endedAt: null,
        servers: [server('s-a', status), server('s-b', status)],
      },
    ],
  };
}

function serverEvent(seq: number, sourceServerId: string, status: string): ExecutionEventMessage {
  return {
    executionId: 'e1',
    seq,
    type: 'server.status',
    createdAt: `2026-12-04T10:00:${String(seq).padStart(2, '0')}.000Z`,
    payload: {
      sourceServerId,
      hostname: null,
      wave: 'db',
      status,
      drsJobId: 'drsjob-1',
      recoveryInstanceId: status === 'LAUNCHED' ? `i-${sourceServerId}` : null,
      failureReason: null,
    },
  };
}

function statusOf(view: ExecutionView | null, sourceServerId: string): string | undefined {
  return view?.waves[0].servers.find((entry) => entry.sourceServerId === sourceServerId)?.status;
}

describe('live execution state', () => {
  it('applies events that follow the snapshot in order', () => {
    let state = applySnapshot(EMPTY_LIVE_STATE, snapshot(4));
    state = receiveEvent(state, serverEvent(5, 's-a', 'LAUNCHING'));
    state = receiveEvent(state, serverEvent(6, 's-a', 'LAUNCHED'));

    expect(statusOf(state.view, 's-a')).toBe('LAUNCHED');
    expect(state.view?.waves[0].servers[0].recoveryInstanceId).toBe('i-s-a');
    expect(state.view?.lastEventSeq).toBe(6);
    expect(state.gap).toBe(false);
  });

  it('ignores events the snapshot already holds', () => {
    let state = applySnapshot(EMPTY_LIVE_STATE, snapshot(6, 'LAUNCHED'));
    state = receiveEvent(state, serverEvent(5, 's-a', 'LAUNCHING'));

    expect(statusOf(state.view, 's-a')).toBe('LAUNCHED');
    expect(state.view?.lastEventSeq).toBe(6);
  });

  it('keeps events received before the snapshot', () => {
    let state = receiveEvent(EMPTY_LIVE_STATE, serverEvent(5, 's-b', 'LAUNCHING'));
    expect(state.view).toBeNull();

    state = applySnapshot(state, snapshot(4));

    expect(statusOf(state.view, 's-b')).toBe('LAUNCHING');
    expect(state.pending).toHaveLength(0);
  });

  it('holds events after a gap and reports it', () => {
    let state = applySnapshot(EMPTY_LIVE_STATE, snapshot(4));
    state = receiveEvent(state, serverEvent(7, 's-a', 'LAUNCHED'));

    expect(state.gap).toBe(true);
    expect(statusOf(state.view, 's-a')).toBe('PENDING');

    state = receiveEvent(state, serverEvent(5, 's-a', 'LAUNCHING'));
    expect(state.gap).toBe(true);
    state = receiveEvent(state, serverEvent(6, 's-b', 'LAUNCHING'));

    expect(state.gap).toBe(false);
    expect(statusOf(state.view, 's-a')).toBe('LAUNCHED');
    expect(statusOf(state.view, 's-b')).toBe('LAUNCHING');
    expect(state.view?.lastEventSeq).toBe(7);
  });

  it('applies a duplicate event once', () => {
    let state = applySnapshot(EMPTY_LIVE_STATE, snapshot(4));
    state = receiveEvent(state, serverEvent(5, 's-a', 'LAUNCHING'));
    const once = state;
    state = receiveEvent(state, serverEvent(5, 's-a', 'LAUNCHING'));

    expect(state).toBe(once);
  });

  it('keeps a newer view over an older snapshot', () => {
    let state = applySnapshot(EMPTY_LIVE_STATE, snapshot(4));
    state = receiveEvent(state, serverEvent(5, 's-a', 'LAUNCHED'));
    state = applySnapshot(state, snapshot(4));

    expect(statusOf(state.view, 's-a')).toBe('LAUNCHED');
  });

  it('counts final servers', () => {
    let state = applySnapshot(EMPTY_LIVE_STATE, snapshot(0));
    state = receiveEvent(state, serverEvent(1, 's-a', 'LAUNCHED'));
    state = receiveEvent(state, serverEvent(2, 's-b', 'FAILED'));

    expect(countServers(state.view as ExecutionView)).toEqual({ total: 2, final: 2, launched: 1, failed: 1 });
  });
});

describe('live execution state on retry and skip', () => {
  function event<T extends keyof ExecutionEventPayloads>(
    seq: number,
    type: T,
    payload: ExecutionEventPayloads[T],
  ): ExecutionEventMessage {
    return { executionId: 'e1', seq, type, payload, createdAt: '2026-12-04T10:01:00.000Z' };
  }

  function failedSnapshot(): ExecutionView {
    const view = snapshot(4, 'FAILED');
    const servers = view.waves[0].servers.map((entry) => ({
      ...entry,
      drsJobId: 'drsjob-old',
      recoveryInstanceId: 'i-old',
      launchEndedAt: '2026-12-04T10:00:30.000Z',
    }));
    return {
      ...view,
      status: 'HALTED',
      waves: [{ ...view.waves[0], status: 'FAILED', statusReason: '2 of 2 servers failed', servers }],
    };
  }

  it('reopens the wave and counts the attempt', () => {
    let state = applySnapshot(EMPTY_LIVE_STATE, failedSnapshot());
    state = receiveEvent(
      state,
      event(5, 'server.retry-requested', {
        wave: 'db',
        sourceServerIds: ['s-a'],
        batchId: 'b2',
        actor: 'ops',
      }),
    );

    const wave = state.view?.waves[0];
    expect(wave?.status).toBe('RUNNING');
    expect(wave?.statusReason).toBeNull();
    expect(wave?.endedAt).toBeNull();
    expect(wave?.servers[0].attempt).toBe(2);
    expect(wave?.servers[1].attempt).toBe(1);
  });

  it('clears the earlier job of a queued server', () => {
    let state = applySnapshot(EMPTY_LIVE_STATE, failedSnapshot());
    // The gateway's retry stores the server without a job, so its event carries none.
    const requeued = serverEvent(5, 's-a', 'QUEUED');
    state = receiveEvent(state, { ...requeued, payload: { ...requeued.payload, drsJobId: null } });
    const queued = state.view?.waves[0].servers[0];

    expect(queued?.status).toBe('QUEUED');
    expect(queued?.drsJobId).toBeNull();
    expect(queued?.recoveryInstanceId).toBeNull();
    expect(queued?.launchEndedAt).toBeNull();
  });

  it('stamps the end of a skipped server', () => {
    let state = applySnapshot(EMPTY_LIVE_STATE, snapshot(4));
    state = receiveEvent(state, {
      ...serverEvent(5, 's-b', 'SKIPPED'),
      createdAt: '2026-12-04T10:02:00.000Z',
    });

    expect(statusOf(state.view, 's-b')).toBe('SKIPPED');
    expect(state.view?.waves[0].servers[1].launchEndedAt).toBe('2026-12-04T10:02:00.000Z');
  });

  it('keeps the server attempt when its batch is submitted', () => {
    let state = applySnapshot(EMPTY_LIVE_STATE, failedSnapshot());
    state = receiveEvent(
      state,
      event(5, 'server.retry-requested', {
        wave: 'db',
        sourceServerIds: ['s-a'],
        batchId: 'b2',
        actor: 'ops',
      }),
    );
    state = receiveEvent(
      state,
      event(6, 'batch.submitted', {
        wave: 'db',
        batchId: 'b2',
        drsJobId: 'drsjob-2',
        attempt: 1,
        accountId: '123456789012',
        region: 'us-east-1',
        sourceServerIds: ['s-a'],
        recovered: false,
      }),
    );
    const retried = state.view?.waves[0].servers[0];

    expect(retried?.attempt).toBe(2);
    expect(retried?.drsJobId).toBe('drsjob-2');
  });
});
