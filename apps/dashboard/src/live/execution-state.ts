import type {
  ExecutionEventMessage,
  ExecutionEventPayloads,
  ExecutionServerView,
  ExecutionView,
  WaveRunView,
} from '@drs/contracts';
import { FINAL_WAVE_STATUSES, WaveStatus } from '@drs/domain';

/**
 * Live view of one execution: the last snapshot with every later event applied in sequence
 * order. Events that arrive before the snapshot, or ahead of a missing one, wait in `pending`.
 */
export interface LiveExecutionState {
  view: ExecutionView | null;
  pending: ExecutionEventMessage[];
  /** True when an event is missing between the view and `pending`; a new snapshot is needed. */
  gap: boolean;
}

export const EMPTY_LIVE_STATE: LiveExecutionState = { view: null, pending: [], gap: false };

/** Replaces the view with a snapshot unless the view already reflects later events. */
export function applySnapshot(state: LiveExecutionState, snapshot: ExecutionView): LiveExecutionState {
  if (state.view && state.view.id === snapshot.id && state.view.lastEventSeq > snapshot.lastEventSeq) {
    return state;
  }

  return drainPending({ view: snapshot, pending: state.pending, gap: false });
}

/** Adds one event: applied when it is the next in sequence, ignored when already applied, held otherwise. */
export function receiveEvent(state: LiveExecutionState, event: ExecutionEventMessage): LiveExecutionState {
  if (state.view && event.seq <= state.view.lastEventSeq) {
    return state;
  }
  if (state.pending.some((held) => held.seq === event.seq)) {
    return state;
  }
  const pending = [...state.pending, event].sort((a, b) => a.seq - b.seq);

  return drainPending({ ...state, pending });
}

function drainPending(state: LiveExecutionState): LiveExecutionState {
  let view = state.view;
  if (!view) {
    return state;
  }
  const remaining: ExecutionEventMessage[] = [];
  for (const event of state.pending) {
    if (event.seq <= view.lastEventSeq) {
      continue;
    }
    if (event.seq === view.lastEventSeq + 1 && remaining.length === 0) {
      view = applyEvent(view, event);
    } else {
      remaining.push(event);
    }
  }

  return { view, pending: remaining, gap: remaining.length > 0 };
}

function updateWave(
  view: ExecutionView,
  name: string,
  change: (wave: WaveRunView) => WaveRunView,
): WaveRunView[] {
  return view.waves.map((wave) => (wave.name === name ? change(wave) : wave));
}

function updateServers(
  view: ExecutionView,
  sourceServerIds: readonly string[],
  change: (server: ExecutionServerView) => ExecutionServerView,
  waveName?: string,
): WaveRunView[] {
  const ids = new Set(sourceServerIds);
  return view.waves.map((wave) => {
    if (waveName !== undefined && wave.name !== waveName) {
      return wave;
    }
    if (!wave.servers.some((server) => ids.has(server.sourceServerId))) {
      return wave;
    }
    return {
      ...wave,
      servers: wave.servers.map((server) => (ids.has(server.sourceServerId) ? change(server) : server)),
    };
  });
}

/**
 * Applies one event to a view and advances `lastEventSeq`. Times that an event does not carry
 * (a server's launch start and end) are taken from the event's own time. They can differ from
 * the stored ones by the time it took to record the event, and the next snapshot corrects them.
 */
export function applyEvent(view: ExecutionView, event: ExecutionEventMessage): ExecutionView {
  const next: ExecutionView = { ...view, lastEventSeq: event.seq };
  const at = event.createdAt;

  switch (event.type) {
    case 'execution.started': {
      const payload = event.payload as ExecutionEventPayloads['execution.started'];
      return {
        ...next,
        status: 'RUNNING',
        startedAt: next.startedAt ?? at,
        readinessWarnings: payload.readinessWarnings,
      };
    }
    case 'execution.completed': {
      const payload = event.payload as ExecutionEventPayloads['execution.completed'];
      return { ...next, status: payload.status, statusReason: payload.reason, endedAt: next.endedAt ?? at };
    }
    case 'execution.status-changed': {
      const payload = event.payload as ExecutionEventPayloads['execution.status-changed'];
      return { ...next, status: payload.status, statusReason: payload.reason };
    }
    case 'wave.started': {
      const payload = event.payload as ExecutionEventPayloads['wave.started'];
      return {
        ...next,
        waves: updateWave(next, payload.wave, (wave) => ({
          ...wave,
          status: 'RUNNING',
          startedAt: wave.startedAt ?? at,
        })),
      };
    }
    case 'wave.completed': {
      const payload = event.payload as ExecutionEventPayloads['wave.completed'];
      return {
        ...next,
        waves: updateWave(next, payload.wave, (wave) => ({
          ...wave,
          status: payload.status,
          statusReason: payload.reason,
          endedAt: wave.endedAt ?? at,
        })),
      };
    }
    case 'wave.skipped': {
      const payload = event.payload as ExecutionEventPayloads['wave.skipped'];
      return {
        ...next,
        waves: updateWave(next, payload.wave, (wave) => ({
          ...wave,
          status: 'SKIPPED',
          statusReason: payload.reason,
          endedAt: wave.endedAt ?? at,
        })),
      };
    }
    case 'batch.submitted': {
      const payload = event.payload as ExecutionEventPayloads['batch.submitted'];
      return {
        ...next,
        waves: updateServers(
          next,
          payload.sourceServerIds,
          // `payload.attempt` counts the batch's StartRecovery calls, not the server's launches:
          // a retried server is on its second launch while its new batch makes its first call.
          (server) => ({ ...server, drsJobId: payload.drsJobId }),
          payload.wave,
        ),
      };
    }
    case 'server.status': {
      const payload = event.payload as ExecutionEventPayloads['server.status'];
      return {
        ...next,
        waves: updateServers(
          next,
          [payload.sourceServerId],
          (server) => withServerStatus(server, payload, at),
          payload.wave,
        ),
      };
    }
    case 'server.retry-requested': {
      const payload = event.payload as ExecutionEventPayloads['server.retry-requested'];
      return { ...next, waves: withRetriedServers(next, payload) };
    }
    case 'cleanup.requested':
      return { ...next, cleanupStatus: 'REQUESTED' };
    case 'cleanup.job-submitted':
      return { ...next, cleanupStatus: 'IN_PROGRESS' };
    case 'cleanup.completed': {
      const payload = event.payload as ExecutionEventPayloads['cleanup.completed'];
      return { ...next, cleanupStatus: payload.status };
    }
    default:
      // execution.created, batch.retry-scheduled and batch.failed change nothing the view holds;
      // the server.status events that follow them do.
      return next;
  }
}

/**
 * Mirrors what the gateway stores on a retry: each retried server starts a new attempt, and a
 * wave that had ended runs again. The gateway records no wave event for that reopening, so
 * without this the wave would stay FAILED while its servers launch again.
 */
function withRetriedServers(
  view: ExecutionView,
  payload: ExecutionEventPayloads['server.retry-requested'],
): WaveRunView[] {
  const retried = updateServers(
    view,
    payload.sourceServerIds,
    (server) => ({ ...server, attempt: server.attempt + 1 }),
    payload.wave,
  );

  return retried.map((wave) =>
    wave.name === payload.wave && FINAL_WAVE_STATUSES.includes(wave.status as WaveStatus)
      ? { ...wave, status: WaveStatus.Running, statusReason: null, endedAt: null }
      : wave,
  );
}

function withServerStatus(
  server: ExecutionServerView,
  payload: ExecutionEventPayloads['server.status'],
  at: string,
): ExecutionServerView {
  const updated: ExecutionServerView = {
    ...server,
    status: payload.status,
    drsJobId: payload.drsJobId ?? server.drsJobId,
    recoveryInstanceId: payload.recoveryInstanceId ?? server.recoveryInstanceId,
    failureReason: payload.failureReason,
  };
  switch (payload.status) {
    case 'QUEUED':
    case 'PENDING':
      // A retry starts the server over: its earlier job, instance and launch times belong to the
      // earlier attempt, and the gateway clears them, so the payload's nulls are taken as they are.
      return {
        ...updated,
        drsJobId: payload.drsJobId,
        recoveryInstanceId: payload.recoveryInstanceId,
        launchRequestedAt: null,
        launchStartedAt: null,
        launchEndedAt: null,
      };
    case 'LAUNCHING':
      return { ...updated, launchRequestedAt: server.launchRequestedAt ?? at };
    case 'IN_PROGRESS':
      return { ...updated, launchStartedAt: server.launchStartedAt ?? at };
    case 'LAUNCHED':
    case 'FAILED':
    case 'SKIPPED':
      // Cancel and skip-wave store an end time on the servers they skip, as a launch end does.
      return { ...updated, launchEndedAt: server.launchEndedAt ?? at };
    default:
      return updated;
  }
}

/** Counts of servers by status over the whole execution, for progress bars. */
export function countServers(view: ExecutionView): {
  total: number;
  final: number;
  launched: number;
  failed: number;
} {
  let total = 0;
  let final = 0;
  let launched = 0;
  let failed = 0;
  for (const wave of view.waves) {
    for (const server of wave.servers) {
      total += 1;
      if (server.status === 'LAUNCHED') {
        launched += 1;
      } else if (server.status === 'FAILED') {
        failed += 1;
      }
      if (['LAUNCHED', 'FAILED', 'SKIPPED'].includes(server.status)) {
        final += 1;
      }
    }
  }

  return { total, final, launched, failed };
}
