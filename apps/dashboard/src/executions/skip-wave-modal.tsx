import { useEffect, useState } from 'react';

import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Modal from '@cloudscape-design/components/modal';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';

import { MAX_REASON_LENGTH } from './control-reason';
import { ReasonField } from './reason-field';

interface Props {
  /** PENDING or FAILED waves, the only ones the gateway lets an operator skip; the first is the default. */
  waves: string[];
  visible: boolean;
  busy: boolean;
  onDismiss(): void;
  onConfirm(wave: string, reason: string): void;
}

/** Picks the wave to skip; the waves that depend on it may then start. */
export function SkipWaveModal({ waves, visible, busy, onDismiss, onConfirm }: Props) {
  const [wave, setWave] = useState<string | null>(waves[0] ?? null);
  const [reason, setReason] = useState('');
  const tooLong = reason.length > MAX_REASON_LENGTH;

  // Each opening starts from the first skippable wave (a FAILED one when there is one), because
  // a choice left from an earlier opening may name a wave that is no longer the one in the way.
  useEffect(() => {
    if (visible) {
      setWave(waves[0] ?? null);
      setReason('');
    }
    // Only an opening resets the choice; a change of `waves` while open is handled below.
  }, [visible]);

  // The skippable waves change while the run goes on: keep the choice only while it is valid.
  useEffect(() => {
    if (wave === null || !waves.includes(wave)) {
      setWave(waves[0] ?? null);
    }
  }, [waves, wave]);

  return (
    <Modal
      visible={visible}
      onDismiss={onDismiss}
      header="Skip a wave"
      closeAriaLabel="Close dialog"
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onDismiss}>
              Keep the wave
            </Button>
            <Button
              variant="primary"
              loading={busy}
              disabled={wave === null || tooLong}
              onClick={() => wave !== null && onConfirm(wave, reason.trim())}
            >
              Confirm skip
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="m">
        <Box>
          Servers of the wave that were not sent to DRS become SKIPPED, and the waves that depend on it may
          start. A halted execution runs again.
        </Box>
        <FormField
          label="Wave"
          errorText={waves.length === 0 ? 'No wave is PENDING or FAILED now.' : undefined}
        >
          <Select
            selectedOption={wave === null ? null : { value: wave, label: wave }}
            options={waves.map((name) => ({ value: name, label: name }))}
            onChange={({ detail }) => setWave(detail.selectedOption.value ?? null)}
            placeholder="Choose a wave"
          />
        </FormField>
        <ReasonField reason={reason} onChange={setReason} />
      </SpaceBetween>
    </Modal>
  );
}
