import type { ExecutionServerEntity } from './entities/execution-server.entity';
import type { PendingEvent } from './unit-of-work';

/** The `server.status` event that records a server's current state. */
export function serverStatusEvent(waveName: string, server: ExecutionServerEntity): PendingEvent {
  return {
    type: 'server.status',
    payload: {
      sourceServerId: server.sourceServerId,
      hostname: server.hostname,
      wave: waveName,
      status: server.status,
      drsJobId: server.drsJobId,
      recoveryInstanceId: server.recoveryInstanceId,
      failureReason: server.failureReason,
    },
  };
}
