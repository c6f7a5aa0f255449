import { useRef, useState } from 'react';

import Box from '@cloudscape-design/components/box';
import Button, { ButtonProps } from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';

import type { ProtectionGroup } from '../api/resources';
import { createWave, moveWave, removeWave, updateWave, WaveDraft } from './plan-draft';
import { PLAN_LIMITS, PlanFieldErrors } from './plan-errors';
import { FocusRequest, WaveChange, WaveEditor } from './wave-editor';

interface WavesSectionProps {
  waves: WaveDraft[];
  groups: ProtectionGroup[];
  errors: PlanFieldErrors;
  readOnly: boolean;
  /** Receives the new waves and the fields that changed, so their API errors can be cleared. */
  onChange(waves: WaveDraft[], changed?: { waveKey: string; fields: string[] }): void;
}

/** Renders the plan's waves in order, with buttons to add, move and remove them. */
export function WavesSection({ waves, groups, errors, readOnly, onChange }: WavesSectionProps) {
  const [focusRequest, setFocusRequest] = useState<FocusRequest | null>(null);
  const [addedKey, setAddedKey] = useState<string | null>(null);
  const addRef = useRef<ButtonProps.Ref>(null);

  const add = () => {
    const wave = createWave(waves);
    setAddedKey(wave.key);
    onChange([...waves, wave]);
  };

  const remove = (index: number) => {
    onChange(removeWave(waves, index));
    // The removed wave's button took the focus with it, so the add button, the nearest control left, gets it.
    addRef.current?.focus();
  };

  const move = (index: number, offset: number) => {
    const moved = moveWave(waves, index, offset);
    const target = index + offset;
    // Keep the focus on the button just pressed. At the top or bottom that button is disabled, so the other one gets it.
    let button: FocusRequest['button'] = offset < 0 ? 'up' : 'down';
    if (target === 0) {
      button = 'down';
    } else if (target === waves.length - 1) {
      button = 'up';
    }
    setFocusRequest({ waveKey: waves[index].key, button });
    onChange(moved);
  };

  const change = (index: number, waveChange: WaveChange) => {
    const fields = Object.keys(waveChange).map((field) => (field === 'dependsOnKeys' ? 'dependsOn' : field));
    onChange(updateWave(waves, index, waveChange), { waveKey: waves[index].key, fields });
  };

  return (
    <Container
      header={
        <Header
          variant="h2"
          counter={`(${waves.length})`}
          description="Waves launch in the order their dependencies set; waves without a path between them run at the same time."
        >
          Waves
        </Header>
      }
    >
      <SpaceBetween size="m">
        {errors.waves && <FormField errorText={errors.waves} />}
        {waves.length === 0 && <Box color="text-status-inactive">No waves yet.</Box>}
        {waves.map((wave, index) => (
          <WaveEditor
            key={wave.key}
            index={index}
            waves={waves}
            groups={groups}
            errors={errors}
            readOnly={readOnly}
            focusRequest={focusRequest}
            onChange={(waveChange) => change(index, waveChange)}
            onMove={(offset) => move(index, offset)}
            focusName={wave.key === addedKey}
            onRemove={() => remove(index)}
            onDropWave={(from) => onChange(moveWave(waves, from, index - from))}
          />
        ))}
        {!readOnly && (
          <Button
            formAction="none"
            ref={addRef}
            iconName="add-plus"
            disabled={waves.length >= PLAN_LIMITS.maxWaves}
            disabledReason={`A plan may have at most ${PLAN_LIMITS.maxWaves} waves.`}
            onClick={add}
          >
            Add wave
          </Button>
        )}
      </SpaceBetween>
    </Container>
  );
}
