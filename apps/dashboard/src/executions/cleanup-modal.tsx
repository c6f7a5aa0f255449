import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';

interface Props {
  planName: string;
  /** Recovery instances of the drill that are not terminated yet. */
  instanceCount: number;
  visible: boolean;
  busy: boolean;
  onDismiss(): void;
  onConfirm(): void;
}

/** Asks before terminating a drill's recovery instances, which cannot be undone. */
export function CleanupModal({ planName, instanceCount, visible, busy, onDismiss, onConfirm }: Props) {
  return (
    <Modal
      visible={visible}
      onDismiss={onDismiss}
      header={`Clean up the drill of ${planName}?`}
      closeAriaLabel="Close dialog"
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onDismiss}>
              Keep instances
            </Button>
            <Button variant="primary" loading={busy} onClick={onConfirm}>
              Confirm clean up
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <Box>
        DRS terminates the {instanceCount} recovery instance{instanceCount === 1 ? '' : 's'} that this drill
        launched. Anything written to them since the drill is lost. Source servers and their replication are
        not affected.
      </Box>
    </Modal>
  );
}
