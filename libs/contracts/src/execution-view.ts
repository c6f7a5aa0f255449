import type { ReadinessWarning } from '@drs/domain';

/** One server of an execution as the API, the status socket and the CLI show it. */
export interface ExecutionServerView {
  sourceServerId: string;
  hostname: string | null;
  accountId: string;
  region: string;
  osFamily: string;
  groupName: string;
  status: string;
  /** 1 for the first launch; each retry adds one. */
  attempt: number;
  drsJobId: string | null;
  recoveryInstanceId: string | null;
  failureReason: string | null;
  launchRequestedAt: string | null;
  launchStartedAt: string | null;
  launchEndedAt: string | null;
  instanceTerminatedAt: string | null;
}

export interface WaveRunView {
  name: string;
  position: number;
  launchOrder: string;
  dependsOn: string[];
  failurePolicy: string;
  status: string;
  /** Why the wave failed or was skipped, or null. */
  statusReason: string | null;
  startedAt: string | null;
  endedAt: string | null;
  servers: ExecutionServerView[];
}

export interface ExecutionView {
  id: string;
  planId: string | null;
  planName: string;
  planVersion: number;
  mode: string;
  status: string;
  statusReason: string | null;
  cleanupStatus: string;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  readinessWarnings: ReadinessWarning[];
  /** Sequence number of the last event reflected in this view. */
  lastEventSeq: number;
  waves: WaveRunView[];
}
