import { useState } from 'react';
import { useNavigate } from 'react-router-dom';

import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Tiles from '@cloudscape-design/components/tiles';

import { ErrorCode, ExecutionMode, Role } from '@drs/domain';

import { ApiError } from '../api/api-error';
import { useSession } from '../auth/session';
import { useNotifications } from '../layout/notifications';

interface RunPlanModalProps {
  plan: { id: string; name: string; version: number };
  /** Set when the editor has changes that are not saved, because the run uses the saved version. */
  unsavedChanges?: boolean;
  onDismiss(): void;
}

interface StartExecutionResponse {
  id: string;
  status: string;
}

/** Explains a rejected start in the operator's terms, followed by the API's message. */
function describeStartError(error: unknown): string {
  if (!(error instanceof ApiError)) {
    return `The execution could not be started: ${(error as Error).message}`;
  }
  switch (error.code) {
    case ErrorCode.PlanHasActiveExecution:
    case ErrorCode.ServerInActiveExecution:
      return `Another execution is active for this plan or its servers: ${error.message}`;
    case ErrorCode.ConfirmationRequired:
      return `The recovery was not confirmed: ${error.message}`;
    case ErrorCode.Forbidden:
      return `Your role may not start this execution: ${error.message}`;
    default:
      return `The execution could not be started: ${error.message}`;
  }
}

/**
 * Starts a drill or, for a recovery-admin, a real recovery of a plan. A recovery launches
 * production instances, so it requires the plan's name as confirmation, as the API does.
 */
export function RunPlanModal({ plan, unsavedChanges, onDismiss }: RunPlanModalProps) {
  const { api, may } = useSession();
  const { notify } = useNotifications();
  const navigate = useNavigate();
  const [mode, setMode] = useState<ExecutionMode>(ExecutionMode.Drill);
  const [confirmation, setConfirmation] = useState('');
  const [confirmationError, setConfirmationError] = useState<string | undefined>();
  const [startError, setStartError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const mayRecover = may(Role.RecoveryAdmin);

  const start = async () => {
    if (mode === ExecutionMode.Recovery && confirmation !== plan.name) {
      setConfirmationError(`Type the plan name exactly as shown: ${plan.name}`);
      return;
    }
    setStarting(true);
    setStartError(null);
    try {
      const started = await api.post<StartExecutionResponse>('/executions', {
        planId: plan.id,
        mode,
        ...(mode === ExecutionMode.Recovery ? { confirmPlanName: confirmation } : {}),
      });
      notify({
        type: 'success',
        content: `${mode === ExecutionMode.Recovery ? 'Recovery' : 'Drill'} of ${plan.name} started.`,
      });
      onDismiss();
      navigate(`/executions/${started.id}`);
    } catch (error) {
      setStartError(describeStartError(error));
    } finally {
      setStarting(false);
    }
  };

  const tiles = [
    {
      value: ExecutionMode.Drill,
      label: 'Drill',
      description:
        'Launches drill instances to test the plan. Replication goes on, and the instances can be cleaned up.',
    },
    ...(mayRecover
      ? [
          {
            value: ExecutionMode.Recovery,
            label: 'Recovery',
            description: 'A real failover: launches production instances from the replicated data.',
          },
        ]
      : []),
  ];

  return (
    <Modal
      visible
      onDismiss={onDismiss}
      header={`Run ${plan.name}`}
      closeAriaLabel="Close dialog"
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onDismiss}>
              Cancel
            </Button>
            <Button variant="primary" loading={starting} loadingText="Starting" onClick={start}>
              Start
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <FormField label="Mode" description={`Runs version ${plan.version} of the plan as saved.`}>
          <Tiles
            ariaLabel="Mode"
            value={mode}
            items={tiles}
            onChange={({ detail }) => {
              setMode(detail.value as ExecutionMode);
              setStartError(null);
            }}
          />
        </FormField>
        {!mayRecover && (
          <Box variant="small">A recovery can only be started by a user with the recovery-admin role.</Box>
        )}
        {unsavedChanges && (
          <Alert type="info">
            The editor has unsaved changes. They are not part of this run; save them first to include them.
          </Alert>
        )}
        {mode === ExecutionMode.Recovery && (
          <SpaceBetween size="s">
            <Alert type="warning" header="This is a real failover">
              A recovery launches production instances in the recovery account and Region from the replicated
              data. Your users will depend on them, and the launched instances are not removed as drill
              instances are.
            </Alert>
            <FormField
              label="Type the plan name to confirm"
              description={`Type ${plan.name} to start the recovery.`}
              errorText={confirmationError}
            >
              <Input
                value={confirmation}
                invalid={Boolean(confirmationError)}
                autoComplete={false}
                onChange={({ detail }) => {
                  setConfirmation(detail.value);
                  setConfirmationError(undefined);
                }}
              />
            </FormField>
          </SpaceBetween>
        )}
        {startError && (
          <Alert type="error" header="Not started">
            {startError}
          </Alert>
        )}
      </SpaceBetween>
    </Modal>
  );
}
