import { useState } from 'react';

import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';

import type { ProtectionGroup } from '../api/resources';
import { useSession } from '../auth/session';
import { useNotifications } from '../layout/notifications';

interface DeleteGroupModalProps {
  /** The group to delete; null hides the modal. */
  group: ProtectionGroup | null;
  onClose(): void;
  onDeleted(): void;
}

/**
 * Asks before deleting a group. The gateway rejects the delete with 409 while a plan uses the group.
 * Its message names the plan and stays in the modal, so the user sees why nothing happened.
 */
export function DeleteGroupModal({ group, onClose, onDeleted }: DeleteGroupModalProps) {
  const { api } = useSession();
  const { notify } = useNotifications();
  const [deleting, setDeleting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const close = () => {
    setFailure(null);
    onClose();
  };

  const remove = async () => {
    if (!group) {
      return;
    }
    setDeleting(true);
    setFailure(null);
    try {
      await api.delete(`/protection-groups/${encodeURIComponent(group.id)}`);
      notify({ type: 'success', content: `Protection group ${group.name} deleted.` });
      onDeleted();
      close();
    } catch (error) {
      setFailure((error as Error).message);
    } finally {
      setDeleting(false);
    }
  };

  const plans = group?.usedByPlans ?? [];

  return (
    <Modal
      visible={group !== null}
      onDismiss={close}
      header="Delete protection group"
      closeAriaLabel="Close"
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={close}>
              Cancel
            </Button>
            <Button variant="primary" loading={deleting} onClick={() => void remove()}>
              Delete
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Box variant="span">
          Delete protection group <b>{group?.name}</b>? Its servers stay in DRS; only the group is removed.
        </Box>
        {plans.length > 0 && !failure && (
          <Alert type="warning">
            Used by {plans.length === 1 ? 'recovery plan' : 'recovery plans'}{' '}
            {plans.map((plan) => plan.name).join(', ')}. The delete is rejected until the group is removed
            from {plans.length === 1 ? 'that plan' : 'those plans'}.
          </Alert>
        )}
        {failure && (
          <Alert type="error" header="The protection group was not deleted">
            {failure}
          </Alert>
        )}
      </SpaceBetween>
    </Modal>
  );
}
