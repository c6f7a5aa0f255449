import type { ExecutionView } from '@drs/contracts';
import {
  ACTIVE_EXECUTION_STATUSES,
  CleanupStatus,
  ExecutionMode,
  ExecutionStatus,
  Role,
  ServerStatus,
  TERMINAL_EXECUTION_STATUSES,
  WaveStatus,
} from '@drs/domain';

/** Run-control actions that the execution's current state allows. The gateway checks the same rules. */
export interface AvailableControls {
  pause: boolean;
  resume: boolean;
  cancel: boolean;
  /** FAILED servers that "Retry failed servers" sends again; empty when retry is not allowed. */
  retryServerIds: string[];
  /** Waves that "Skip wave" may skip: FAILED ones, then PENDING ones, each in launch position. */
  skippableWaves: string[];
  cleanup: boolean;
}

// The gateway accepts retry and skip-wave only while the run is in one of these states.
const CHANGEABLE: readonly string[] = [
  ExecutionStatus.Running,
  ExecutionStatus.Paused,
  ExecutionStatus.Halted,
];
const CLEANABLE: readonly string[] = [CleanupStatus.NotRequested, CleanupStatus.Failed];

export function availableControls(view: ExecutionView): AvailableControls {
  const changeable = CHANGEABLE.includes(view.status);
  const failed = view.waves.flatMap((wave) =>
    wave.servers
      .filter((server) => server.status === ServerStatus.Failed)
      .map((server) => server.sourceServerId),
  );
  // FAILED waves first: a halted run waits on them, so the skip dialog offers them by default.
  const byPosition = [...view.waves].sort((a, b) => a.position - b.position);
  const skippable = [
    ...byPosition.filter((wave) => wave.status === WaveStatus.Failed),
    ...byPosition.filter((wave) => wave.status === WaveStatus.Pending),
  ].map((wave) => wave.name);
  const ended = (TERMINAL_EXECUTION_STATUSES as readonly string[]).includes(view.status);

  return {
    pause: view.status === ExecutionStatus.Running,
    resume: view.status === ExecutionStatus.Paused,
    cancel: (ACTIVE_EXECUTION_STATUSES as readonly string[]).includes(view.status),
    retryServerIds: changeable ? failed : [],
    skippableWaves: changeable ? skippable : [],
    cleanup: view.mode === ExecutionMode.Drill && ended && CLEANABLE.includes(view.cleanupStatus),
  };
}

/** Returns the role needed to control a run: operator for a drill, recovery-admin for a real recovery. */
export function roleToControl(mode: string): Role {
  return mode === ExecutionMode.Recovery ? Role.RecoveryAdmin : Role.Operator;
}
