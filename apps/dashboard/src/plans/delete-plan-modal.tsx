import { useEffect, useState } from 'react';

import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';

import { useSession } from '../auth/session';
import { useNotifications } from '../layout/notifications';

interface DeletePlanModalProps {
  plan: { id: string; name: string } | null;
  onDismiss(): void;
  onDeleted(): void;
}

/** Asks before deleting a recovery plan and shows why the API rejected it, if it did. */
export function DeletePlanModal({ plan, onDismiss, onDeleted }: DeletePlanModalProps) {
  const { api } = useSession();
  const { notify } = useNotifications();
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => setError(null), [plan]);

  const remove = async () => {
    if (!plan) {
      return;
    }
    setDeleting(true);
    try {
      await api.delete(`/recovery-plans/${plan.id}`);
      notify({ type: 'success', content: `Recovery plan ${plan.name} deleted.` });
      onDeleted();
    } catch (failure) {
      setError(`Recovery plan ${plan.name} was not deleted: ${(failure as Error).message}`);
    } finally {
      setDeleting(false);
    }
  };

  return (
    <Modal
      visible={plan !== null}
      onDismiss={onDismiss}
      header="Delete recovery plan"
      closeAriaLabel="Close dialog"
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onDismiss}>
              Cancel
            </Button>
            <Button variant="primary" loading={deleting} loadingText="Deleting" onClick={remove}>
              Delete
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Box variant="p">
          Delete recovery plan <b>{plan?.name}</b>? Its past executions keep their history. A plan with an
          active execution cannot be deleted.
        </Box>
        {error && <Alert type="error">{error}</Alert>}
      </SpaceBetween>
    </Modal>
  );
}
