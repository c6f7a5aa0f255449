import type { ExecutionEventMessage, ExecutionEventPayloads } from '@drs/contracts';

function payloadOf<T extends keyof ExecutionEventPayloads>(
  event: ExecutionEventMessage,
  type: T,
): ExecutionEventPayloads[T] | null {
  return event.type === type ? (event.payload as ExecutionEventPayloads[T]) : null;
}

function plural(count: number, noun: string, nounPlural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nounPlural}`;
}

function byActor(actor: string | null): string {
  return actor ? ` by ${actor}` : '';
}

/** Describes an event in one line of plain words, with the ids an operator looks up. */
export function describeEvent(event: ExecutionEventMessage): string {
  switch (event.type) {
    case 'execution.created': {
      const created = payloadOf(event, 'execution.created')!;
      return `${created.mode} of plan ${created.planName} (version ${created.planVersion}) created`;
    }
    case 'execution.started': {
      const started = payloadOf(event, 'execution.started')!;
      return `Started with ${plural(started.serverCount, 'server')} in ${plural(started.waves.length, 'wave')}, ${plural(started.readinessWarnings.length, 'readiness warning')}`;
    }
    case 'execution.completed': {
      const completed = payloadOf(event, 'execution.completed')!;
      return `Ended ${completed.status}${completed.reason ? `: ${completed.reason}` : ''}`;
    }
    case 'execution.status-changed': {
      const changed = payloadOf(event, 'execution.status-changed')!;
      return `Status ${changed.status}${byActor(changed.actor)}${changed.reason ? `: ${changed.reason}` : ''}`;
    }
    case 'wave.started': {
      const started = payloadOf(event, 'wave.started')!;
      return `Wave ${started.wave} started: ${plural(started.serverCount, 'server')} in ${plural(started.batchCount, 'batch', 'batches')}`;
    }
    case 'wave.completed': {
      const completed = payloadOf(event, 'wave.completed')!;
      return `Wave ${completed.wave} ${completed.status}: ${completed.launched} launched, ${completed.failed} failed${completed.reason ? ` (${completed.reason})` : ''}`;
    }
    case 'wave.skipped': {
      const skipped = payloadOf(event, 'wave.skipped')!;
      return `Wave ${skipped.wave} skipped${byActor(skipped.actor)}: ${skipped.reason}`;
    }
    case 'batch.submitted': {
      const submitted = payloadOf(event, 'batch.submitted')!;
      const found = submitted.recovered ? ' (found the job of an earlier try by its tags)' : '';
      return `Wave ${submitted.wave}: DRS job ${submitted.drsJobId} started for ${plural(submitted.sourceServerIds.length, 'server')}, StartRecovery attempt ${submitted.attempt}${found}`;
    }
    case 'batch.retry-scheduled': {
      const scheduled = payloadOf(event, 'batch.retry-scheduled')!;
      return `Wave ${scheduled.wave}: batch waits (${scheduled.reason}), next try in ${Math.round(scheduled.retryInMs / 1000)} s: ${scheduled.message}`;
    }
    case 'batch.failed': {
      const failed = payloadOf(event, 'batch.failed')!;
      return `Wave ${failed.wave}: batch failed: ${failed.reason}`;
    }
    case 'server.status': {
      const status = payloadOf(event, 'server.status')!;
      const name = status.hostname ? `${status.hostname} (${status.sourceServerId})` : status.sourceServerId;
      const instance = status.recoveryInstanceId ? `, instance ${status.recoveryInstanceId}` : '';
      const reason = status.failureReason ? `: ${status.failureReason}` : '';
      return `${name} ${status.status}${instance}${reason}`;
    }
    case 'server.retry-requested': {
      const retry = payloadOf(event, 'server.retry-requested')!;
      return `Wave ${retry.wave}: retry of ${plural(retry.sourceServerIds.length, 'server')} requested${byActor(retry.actor)}`;
    }
    case 'cleanup.requested': {
      const requested = payloadOf(event, 'cleanup.requested')!;
      return `Cleanup requested for ${plural(requested.recoveryInstanceCount, 'recovery instance')}`;
    }
    case 'cleanup.job-submitted': {
      const submitted = payloadOf(event, 'cleanup.job-submitted')!;
      return `Cleanup: DRS job ${submitted.drsJobId} terminates ${plural(submitted.recoveryInstanceIds.length, 'recovery instance')}`;
    }
    case 'cleanup.completed': {
      const completed = payloadOf(event, 'cleanup.completed')!;
      return `Cleanup ${completed.status}: ${completed.terminated} terminated, ${completed.failed} failed`;
    }
    default:
      // A type newer than this dashboard: show its payload rather than nothing.
      return `${event.type}: ${JSON.stringify(event.payload)}`;
  }
}

/**
 * Why the QUEUED servers of each wave are still waiting: the message of the wave's latest
 * `batch.retry-scheduled` event, unless a DRS job was submitted in that wave after it. Events
 * name batches, not servers, so the reason applies to the whole wave.
 */
export function waitingReasonsByWave(events: readonly ExecutionEventMessage[]): Map<string, string> {
  const reasons = new Map<string, string>();
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  for (const event of ordered) {
    const scheduled = payloadOf(event, 'batch.retry-scheduled');
    if (scheduled) {
      reasons.set(scheduled.wave, `${scheduled.reason}: ${scheduled.message}`);
      continue;
    }
    const submitted = payloadOf(event, 'batch.submitted');
    if (submitted) {
      reasons.delete(submitted.wave);
    }
  }

  return reasons;
}
