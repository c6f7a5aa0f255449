import type { ReadinessWarning } from '@drs/domain';

import type { ExecutionView } from './execution-view';

/** Why a batch goes back to the queue instead of reaching DRS now. */
export type RetryReason = 'CONFLICT' | 'THROTTLED' | 'CAPACITY' | 'UNKNOWN_OUTCOME';

/**
 * Every event an execution can record, by type. The planner and launcher append them, the
 * status service streams them and the CLI and dashboard render them, all from this one map.
 */
export interface ExecutionEventPayloads {
  'execution.created': { planId: string; planName: string; planVersion: number; mode: string };
  'execution.started': {
    serverCount: number;
    waves: Array<{ name: string; serverCount: number; batchCount: number }>;
    readinessWarnings: ReadinessWarning[];
  };
  'execution.completed': { status: string; reason: string | null };
  /** Paused, resumed, halted by a wave's policy, or cancelled; `actor` is null for the system. */
  'execution.status-changed': { status: string; reason: string | null; actor: string | null };
  'server.retry-requested': {
    wave: string;
    sourceServerIds: string[];
    batchId: string;
    actor: string | null;
  };
  'wave.started': { wave: string; serverCount: number; batchCount: number };
  'wave.completed': {
    wave: string;
    status: string;
    launched: number;
    failed: number;
    /** Why the wave failed its policy, or null. */
    reason: string | null;
    failurePolicy: string;
  };
  'wave.skipped': { wave: string; reason: string; actor: string | null };
  'batch.submitted': {
    wave: string;
    batchId: string;
    drsJobId: string;
    attempt: number;
    accountId: string;
    region: string;
    sourceServerIds: string[];
    /** True when an earlier attempt's job was found by its tags instead of starting a new one. */
    recovered: boolean;
  };
  'batch.retry-scheduled': {
    wave: string;
    batchId: string;
    reason: RetryReason;
    message: string;
    /** The server or job DRS named as the cause of a conflict. */
    blockingResourceId: string | null;
    retryInMs: number;
    conflictCount: number;
  };
  'batch.failed': { wave: string; batchId: string; reason: string };
  'server.status': {
    sourceServerId: string;
    hostname: string | null;
    wave: string;
    status: string;
    drsJobId: string | null;
    recoveryInstanceId: string | null;
    failureReason: string | null;
  };
  'cleanup.requested': { recoveryInstanceCount: number };
  'cleanup.job-submitted': {
    drsJobId: string;
    accountId: string;
    region: string;
    recoveryInstanceIds: string[];
  };
  'cleanup.completed': { status: string; terminated: number; failed: number };
}

export type ExecutionEventType = keyof ExecutionEventPayloads;

export interface ExecutionEventMessage<T extends ExecutionEventType = ExecutionEventType> {
  executionId: string;
  seq: number;
  type: T;
  payload: ExecutionEventPayloads[T];
  createdAt: string;
}

/** Redis pub/sub pattern on which the status service hears execution events. */
export const EXECUTION_EVENT_PATTERN = 'execution.event';
/**
 * Redis pub/sub pattern of the events of one transaction as one message, an array in sequence
 * order. Publishers use it; the status service still accepts `EXECUTION_EVENT_PATTERN` too.
 */
export const EXECUTION_EVENT_BATCH_PATTERN = 'execution.event-batch';

/** Socket.IO protocol of the status service: what the server emits, by event name. */
export interface StatusServerToClientEvents {
  snapshot: (snapshot: ExecutionView) => void;
  'execution-event': (event: ExecutionEventMessage) => void;
}

export interface SubscribeRequest {
  executionId: string;
}

export type SubscribeAck = { ok: true; lastEventSeq: number } | { ok: false; code: string; message: string };

/** Socket.IO protocol of the status service: what a client may emit. */
export interface StatusClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack?: (result: SubscribeAck) => void) => void;
  unsubscribe: (request: SubscribeRequest) => void;
}
