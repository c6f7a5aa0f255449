import type {
  ExecutionEventMessage,
  ExecutionEventPayloads,
  ExecutionServerView,
  ExecutionView,
  WaveRunView,
} from '@drs/contracts';

// Builders for the unit specs of this folder: small execution views and events.

export function fixtureServer(
  sourceServerId: string,
  status: string,
  extra: Partial<ExecutionServerView> = {},
) {
  const server: ExecutionServerView = {
    sourceServerId,
    hostname: `host-${sourceServerId}`,
    accountId: '123456789012',
    region: 'us-east-1',
    osFamily: 'LINUX',
    groupName: 'group',
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
  return { ...server, ...extra };
}

export function fixtureWave(
  name: string,
  status: string,
  servers: ExecutionServerView[],
  extra: Partial<WaveRunView> = {},
) {
  const wave: WaveRunView = {
    name,
    position: 0,
    launchOrder: 'parallel',
    dependsOn: [],
    failurePolicy: 'halt',
    status,
    statusReason: null,
    startedAt: null,
    endedAt: null,
    servers,
  };
  return { ...wave, ...extra };
}

export function fixtureView(
  status: string,
  waves: WaveRunView[],
  extra: Partial<ExecutionView> = {},
): ExecutionView {
  return {
    id: '1a2b3c4d-0000-4000-8000-000000000001',
    planId: 'p1',
    planName: 'orders',
    planVersion: 3,
    mode: 'DRILL',
    status,
    statusReason: null,
    cleanupStatus: 'NOT_REQUESTED',
    createdAt: '2026-12-04T10:00:00.000Z',
    startedAt: '2026-12-04T10:00:05.000Z',
    endedAt: null,
    readinessWarnings: [],
    lastEventSeq: 0,
    waves,
    ...extra,
  };
}

export function fixtureEvent<T extends keyof ExecutionEventPayloads>(
  seq: number,
  type: T,
  payload: ExecutionEventPayloads[T],
): ExecutionEventMessage {
  return {
    executionId: 'e1',
    seq,
    type,
    payload,
    createdAt: `2026-12-04T10:00:${String(seq).padStart(2, '0')}.000Z`,
  };
}
