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
 * Asks before deleting a group. While a plan uses the group, Delete is disabled because the gateway
 * would reject it with 409. The plans listed may be out of date, so a 409 message still shows here.
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
  // The gateway rejects deleting a group that a plan uses, so Delete stays disabled and the alert
  // names the plans to change first.
  const inUse = plans.length > 0;

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
            <Button
              variant="primary"
              loading={deleting}
              disabled={inUse}
              disabledReason="A recovery plan uses this group."
              onClick={() => void remove()}
            >
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
        {inUse && !failure && (
          <Alert type="warning" header="The group cannot be deleted while a plan uses it">
            Used by {plans.length === 1 ? 'recovery plan' : 'recovery plans'}{' '}
            {plans.map((plan) => plan.name).join(', ')}. Remove the group from{' '}
            {plans.length === 1 ? 'that plan' : 'those plans'}, then delete it.
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
