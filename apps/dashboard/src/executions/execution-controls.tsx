import { useState } from 'react';

import type { ExecutionView } from '@drs/contracts';

import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';

import { useSession } from '../auth/session';
import { useNotifications } from '../layout/notifications';
import { CancelExecutionModal } from './cancel-execution-modal';
import { CleanupModal } from './cleanup-modal';
import { withReason } from './control-reason';
import { availableControls, roleToControl } from './control-rules';
import { SkipWaveModal } from './skip-wave-modal';

type Action = 'pause' | 'resume' | 'cancel' | 'retry' | 'skip-wave' | 'cleanup';

/**
 * Run-control buttons, each shown only when the run's state allows it and only to a role that
 * may control this mode (operator for a drill, recovery-admin for a recovery).
 */
export function ExecutionControls({ view, onChanged }: { view: ExecutionView; onChanged(): void }) {
  const { api, may } = useSession();
  const { notify } = useNotifications();
  const [busy, setBusy] = useState<Action | null>(null);
  const [cancelOpen, setCancelOpen] = useState(false);
  const [skipOpen, setSkipOpen] = useState(false);
  const [cleanupOpen, setCleanupOpen] = useState(false);

  if (!may(roleToControl(view.mode))) {
    return null;
  }
  const controls = availableControls(view);

  // `task` completes "Could not ..." in the error message, e.g. "pause the execution".
  const run = async (action: Action, body: object, success: string, task: string): Promise<boolean> => {
    setBusy(action);
    try {
      await api.post(`/executions/${view.id}/${action}`, body);
      notify({ type: 'success', content: success });
      onChanged();
      return true;
    } catch (failure) {
      notify({ type: 'error', content: `Could not ${task}: ${(failure as Error).message}` });
      return false;
    } finally {
      setBusy(null);
    }
  };
  const plan = view.planName;
  const failedCount = controls.retryServerIds.length;
  const liveInstanceCount = view.waves
    .flatMap((wave) => wave.servers)
    .filter((server) => server.recoveryInstanceId !== null && server.instanceTerminatedAt === null).length;

  return (
    <>
      <SpaceBetween direction="horizontal" size="xs">
        {controls.pause && (
          <Button
            loading={busy === 'pause'}
            onClick={() => void run('pause', {}, `Execution of ${plan} paused.`, 'pause the execution')}
          >
            Pause
          </Button>
        )}
        {controls.resume && (
          <Button
            loading={busy === 'resume'}
            onClick={() => void run('resume', {}, `Execution of ${plan} resumed.`, 'resume the execution')}
          >
            Resume
          </Button>
        )}
        {failedCount > 0 && (
          <Button
            loading={busy === 'retry'}
            onClick={() =>
              void run(
                'retry',
                { sourceServerIds: controls.retryServerIds },
                `Retry of ${failedCount} failed server${failedCount === 1 ? '' : 's'} requested.`,
                'retry the failed servers',
              )
            }
          >
            Retry failed servers
          </Button>
        )}
        {controls.skippableWaves.length > 0 && <Button onClick={() => setSkipOpen(true)}>Skip wave</Button>}
        {controls.cleanup && <Button onClick={() => setCleanupOpen(true)}>Clean up</Button>}
        {controls.cancel && <Button onClick={() => setCancelOpen(true)}>Cancel execution</Button>}
      </SpaceBetween>
      <CancelExecutionModal
        planName={plan}
        visible={cancelOpen}
        busy={busy === 'cancel'}
        onDismiss={() => setCancelOpen(false)}
        onConfirm={async (reason) => {
          await run(
            'cancel',
            withReason({}, reason),
            `Execution of ${plan} cancelled.`,
            'cancel the execution',
          );
          setCancelOpen(false);
        }}
      />
      <CleanupModal
        planName={plan}
        instanceCount={liveInstanceCount}
        visible={cleanupOpen}
        busy={busy === 'cleanup'}
        onDismiss={() => setCleanupOpen(false)}
        onConfirm={async () => {
          await run(
            'cleanup',
            {},
            `Cleanup of the drill's recovery instances requested for ${plan}.`,
            'clean up the drill',
          );
          setCleanupOpen(false);
        }}
      />
      <SkipWaveModal
        waves={controls.skippableWaves}
        visible={skipOpen}
        busy={busy === 'skip-wave'}
        onDismiss={() => setSkipOpen(false)}
        onConfirm={async (wave, reason) => {
          await run(
            'skip-wave',
            withReason({ wave }, reason),
            `Wave ${wave} of ${plan} skipped.`,
            `skip wave ${wave}`,
          );
          setSkipOpen(false);
        }}
      />
    </>
  );
}
