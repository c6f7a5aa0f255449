import { useState } from 'react';

import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';

import { MAX_REASON_LENGTH } from './control-reason';
import { ReasonField } from './reason-field';

interface Props {
  planName: string;
  visible: boolean;
  busy: boolean;
  onDismiss(): void;
  onConfirm(reason: string): void;
}

/** Asks before cancelling, because a cancelled run cannot be resumed. */
export function CancelExecutionModal({ planName, visible, busy, onDismiss, onConfirm }: Props) {
  const [reason, setReason] = useState('');
  const tooLong = reason.length > MAX_REASON_LENGTH;

  return (
    <Modal
      visible={visible}
      onDismiss={onDismiss}
      header={`Cancel the execution of ${planName}?`}
      closeAriaLabel="Close dialog"
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onDismiss}>
              Keep running
            </Button>
            <Button
              variant="primary"
              loading={busy}
              disabled={tooLong}
              onClick={() => onConfirm(reason.trim())}
            >
              Confirm cancel
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Box>
          No new DRS launch starts after this. Servers not yet sent to DRS become SKIPPED; DRS jobs already
          running are followed to their end. A cancelled execution cannot be resumed.
        </Box>
        <ReasonField reason={reason} onChange={setReason} />
      </SpaceBetween>
    </Modal>
  );
}
