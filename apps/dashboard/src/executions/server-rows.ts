import type { ExecutionServerView, ExecutionView } from '@drs/contracts';
import { ServerStatus } from '@drs/domain';

/** One server of the execution with its wave, as the servers table lists it. */
export interface ServerRow extends ExecutionServerView {
  wave: string;
  wavePosition: number;
  /** Reason a QUEUED server waits, taken from the latest `batch.retry-scheduled` event of its wave. */
  waitingReason: string | null;
}

/** Lists every server of the execution, wave by wave in launch position, then in the planner's order. */
export function serverRows(view: ExecutionView, waitingByWave: ReadonlyMap<string, string>): ServerRow[] {
  return [...view.waves]
    .sort((a, b) => a.position - b.position)
    .flatMap((wave) =>
      wave.servers.map((server) => ({
        ...server,
        wave: wave.name,
        wavePosition: wave.position,
        waitingReason: server.status === ServerStatus.Queued ? (waitingByWave.get(wave.name) ?? null) : null,
      })),
    );
}

/** Returns the table's Reason text: the failure, or for a waiting server why it waits. */
export function serverReason(row: ServerRow): string {
  if (row.failureReason) {
    return row.failureReason;
  }
  if (row.waitingReason) {
    return `Waiting: ${row.waitingReason}`;
  }

  return '-';
}
