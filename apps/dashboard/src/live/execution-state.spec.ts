import type { ExecutionEventMessage, ExecutionView } from '@drs/contracts';

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
