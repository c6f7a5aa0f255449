import { DragEvent, useEffect, useRef } from 'react';

import Button, { ButtonProps } from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Icon from '@cloudscape-design/components/icon';
import Input from '@cloudscape-design/components/input';
import Multiselect from '@cloudscape-design/components/multiselect';
import Select, { SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';

import { FailurePolicy, LaunchOrder } from '@drs/domain';

import type { ProtectionGroup } from '../api/resources';
import { WaveDraft } from './plan-draft';
import { PlanFieldErrors, waveErrorKey, WaveField } from './plan-errors';

export type WaveChange = Partial<Omit<WaveDraft, 'key'>>;

/** The move button that takes the focus after a move, so that a keyboard user stays on the moved wave. */
export interface FocusRequest {
  waveKey: string;
  button: 'up' | 'down';
}

interface WaveEditorProps {
  index: number;
  waves: WaveDraft[];
  groups: ProtectionGroup[];
  errors: PlanFieldErrors;
  readOnly: boolean;
  focusRequest: FocusRequest | null;
  /** True for a wave just added, so the keyboard user can type its name right away. */
  focusName: boolean;
  onChange(change: WaveChange): void;
  onMove(offset: number): void;
  onRemove(): void;
  onDropWave(fromIndex: number): void;
}

const LAUNCH_ORDER_OPTIONS: SelectProps.Option[] = [
  { value: LaunchOrder.Parallel, label: 'Parallel', description: 'All servers at once' },
  {
    value: LaunchOrder.Sequential,
    label: 'Sequential',
    description: "One after another, in the groups' order",
  },
];

const FAILURE_POLICY_OPTIONS: SelectProps.Option[] = [
  { value: FailurePolicy.Halt, label: 'Halt', description: 'Stop the execution until an operator acts' },
  { value: FailurePolicy.Continue, label: 'Continue', description: 'Start the dependent waves anyway' },
];

const DRAG_TYPE = 'application/x-drs-wave-index';

function waveLabel(wave: WaveDraft, waves: WaveDraft[]): string {
  return wave.name.trim() || `Wave ${waves.indexOf(wave) + 1} (no name)`;
}

/** Renders the fields of one wave, with buttons to move it up or down and to remove it. */
export function WaveEditor(props: WaveEditorProps) {
  const { index, waves, groups, errors, readOnly, focusRequest, onChange } = props;
  const wave = waves[index];
  const number = index + 1;
  const upRef = useRef<ButtonProps.Ref>(null);
  const downRef = useRef<ButtonProps.Ref>(null);

  useEffect(() => {
    if (focusRequest?.waveKey === wave.key) {
      (focusRequest.button === 'up' ? upRef : downRef).current?.focus();
    }
  }, [focusRequest, wave.key]);

  const errorOf = (field: WaveField) => errors[waveErrorKey(wave.key, field)];

  // A group already in another wave is marked, because the API rejects a group in two waves.
  const waveOfGroup = new Map<string, string>();
  for (const other of waves) {
    if (other.key !== wave.key) {
      other.protectionGroupIds.forEach((groupId) => waveOfGroup.set(groupId, waveLabel(other, waves)));
    }
  }
  const knownGroupIds = new Set(groups.map((group) => group.id));
  const groupOptions: SelectProps.Option[] = [
    ...groups.map((group) => ({
      value: group.id,
      label: group.name,
      description: `${group.accountId} ${group.region}`,
      tags: waveOfGroup.has(group.id) ? [`In ${waveOfGroup.get(group.id)}`] : undefined,
    })),
    // A group deleted since the plan was saved still shows, so the operator can remove it.
    ...wave.protectionGroupIds
      .filter((groupId) => !knownGroupIds.has(groupId))
      .map((groupId) => ({ value: groupId, label: groupId, description: 'Not found' })),
  ];

  const dependencyOptions: SelectProps.Option[] = waves
    .filter((other) => other.key !== wave.key)
    .map((other) => ({ value: other.key, label: waveLabel(other, waves) }));

  const onDragOver = (event: DragEvent) => {
    if (!readOnly && event.dataTransfer.types.includes(DRAG_TYPE)) {
      event.preventDefault();
    }
  };
  const onDrop = (event: DragEvent) => {
    const from = Number(event.dataTransfer.getData(DRAG_TYPE));
    if (!readOnly && Number.isInteger(from) && from !== index) {
      event.preventDefault();
      props.onDropWave(from);
    }
  };

  const header = (
    <Header
      variant="h3"
      actions={
        !readOnly && (
          <SpaceBetween direction="horizontal" size="xs">
            <Button
              formAction="none"
              ref={upRef}
              iconName="angle-up"
              variant="icon"
              ariaLabel={`Move wave ${number} up`}
              disabled={index === 0}
              disabledReason="This wave is already the first."
              onClick={() => props.onMove(-1)}
            />
            <Button
              formAction="none"
              ref={downRef}
              iconName="angle-down"
              variant="icon"
              ariaLabel={`Move wave ${number} down`}
              disabled={index === waves.length - 1}
              disabledReason="This wave is already the last."
              onClick={() => props.onMove(1)}
            />
            <Button formAction="none" ariaLabel={`Remove wave ${number}`} onClick={props.onRemove}>
              Remove
            </Button>
          </SpaceBetween>
        )
      }
    >
      {!readOnly && (
        // Dragging is a shortcut for the move buttons, which keyboard users have instead.
        <span
          draggable
          aria-hidden="true"
          title="Drag to reorder"
          style={{ cursor: 'grab', marginRight: 8 }}
          onDragStart={(event) => {
            event.dataTransfer.setData(DRAG_TYPE, String(index));
            event.dataTransfer.effectAllowed = 'move';
          }}
        >
          <Icon name="drag-indicator" />
        </span>
      )}
      Wave {number}
      {wave.name.trim() ? `: ${wave.name.trim()}` : ''}
    </Header>
  );

  return (
    <div onDragOver={onDragOver} onDrop={onDrop}>
      <Container header={header}>
        <SpaceBetween size="m">
          {errorOf('wave') && <FormField errorText={errorOf('wave')} />}
          <ColumnLayout columns={2}>
            <FormField label={`Wave ${number} name`} errorText={errorOf('name')}>
              <Input
                autoFocus={props.focusName}
                value={wave.name}
                readOnly={readOnly}
                invalid={Boolean(errorOf('name'))}
                onChange={({ detail }) => onChange({ name: detail.value })}
              />
            </FormField>
            <FormField label={`Wave ${number} launch order`} errorText={errorOf('launchOrder')}>
              <Select
                selectedOption={
                  LAUNCH_ORDER_OPTIONS.find((option) => option.value === wave.launchOrder) ?? null
                }
                options={LAUNCH_ORDER_OPTIONS}
                readOnly={readOnly}
                onChange={({ detail }) =>
                  onChange({ launchOrder: detail.selectedOption.value as LaunchOrder })
                }
              />
            </FormField>
          </ColumnLayout>
          <FormField
            label={`Wave ${number} protection groups`}
            description="The servers of these groups launch in this wave."
            errorText={errorOf('protectionGroupIds')}
          >
            <Multiselect
              placeholder="Choose protection groups"
              filteringType="auto"
              options={groupOptions}
              selectedOptions={groupOptions.filter((option) =>
                wave.protectionGroupIds.includes(option.value ?? ''),
              )}
              readOnly={readOnly}
              invalid={Boolean(errorOf('protectionGroupIds'))}
              empty="No protection groups yet. Create one first."
              deselectAriaLabel={(option) => `Remove ${option.label ?? option.value}`}
              onChange={({ detail }) =>
                onChange({ protectionGroupIds: detail.selectedOptions.map((option) => option.value ?? '') })
              }
            />
          </FormField>
          <FormField
            label={`Wave ${number} depends on`}
            description={
              readOnly
                ? 'This wave starts when all of these waves have ended.'
                : 'This wave starts when all of these waves have ended. A new wave depends on the wave before it; remove that dependency to run both at the same time.'
            }
            errorText={errorOf('dependsOn')}
          >
            <Multiselect
              placeholder="No dependencies"
              options={dependencyOptions}
              selectedOptions={dependencyOptions.filter((option) =>
                wave.dependsOnKeys.includes(option.value ?? ''),
              )}
              readOnly={readOnly}
              invalid={Boolean(errorOf('dependsOn'))}
              empty="No other waves"
              deselectAriaLabel={(option) => `Remove dependency on ${option.label ?? option.value}`}
              onChange={({ detail }) =>
                onChange({ dependsOnKeys: detail.selectedOptions.map((option) => option.value ?? '') })
              }
            />
          </FormField>
          <ColumnLayout columns={3}>
            <FormField label={`Wave ${number} failure policy`} errorText={errorOf('failurePolicy')}>
              <Select
                selectedOption={
                  FAILURE_POLICY_OPTIONS.find((option) => option.value === wave.failurePolicy) ?? null
                }
                options={FAILURE_POLICY_OPTIONS}
                readOnly={readOnly}
                onChange={({ detail }) =>
                  onChange({ failurePolicy: detail.selectedOption.value as FailurePolicy })
                }
              />
            </FormField>
            <FormField
              label={`Wave ${number} minimum success (%)`}
              description="Share of servers that must launch."
              errorText={errorOf('minSuccessPercent')}
            >
              <Input
                type="number"
                inputMode="numeric"
                value={wave.minSuccessPercent}
                readOnly={readOnly}
                invalid={Boolean(errorOf('minSuccessPercent'))}
                onChange={({ detail }) => onChange({ minSuccessPercent: detail.value })}
              />
            </FormField>
            <FormField
              label={`Wave ${number} deadline (seconds)`}
              description="Optional. Servers not launched by then fail."
              errorText={errorOf('deadlineSeconds')}
            >
              <Input
                type="number"
                inputMode="numeric"
                value={wave.deadlineSeconds}
                readOnly={readOnly}
                placeholder="No deadline"
                invalid={Boolean(errorOf('deadlineSeconds'))}
                onChange={({ detail }) => onChange({ deadlineSeconds: detail.value })}
              />
            </FormField>
          </ColumnLayout>
          {errorOf('optionalServerIds') && (
            <FormField label="Optional servers" errorText={errorOf('optionalServerIds')} />
          )}
        </SpaceBetween>
      </Container>
    </div>
  );
}
