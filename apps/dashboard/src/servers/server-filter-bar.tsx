import Input from '@cloudscape-design/components/input';
import Select, { SelectProps } from '@cloudscape-design/components/select';
import TextFilter from '@cloudscape-design/components/text-filter';

import type { NamedRef } from '../api/resources';
import { GroupFilter, ServerFilter, StateFilter } from './server-filters';
import { DrsTarget, targetKey, targetLabel } from './targets';

interface ServerFilterBarProps {
  filter: ServerFilter;
  onChange(filter: ServerFilter): void;
  targets: DrsTarget[];
  states: string[];
  groups: NamedRef[];
  /** Such as "12 matches", announced to screen readers when it changes. */
  countText: string;
}

const ANY_TARGET: SelectProps.Option = { value: '', label: 'All' };
const ANY_STATE: SelectProps.Option = { value: 'any', label: 'Any' };
const PROBLEM_STATES: SelectProps.Option = { value: 'problems', label: 'Problems only' };
const ANY_GROUP: SelectProps.Option = { value: 'any', label: 'Any' };
const NO_GROUP: SelectProps.Option = { value: 'none', label: 'No group' };

function stateOption(filter: StateFilter): SelectProps.Option {
  switch (filter.kind) {
    case 'any':
      return ANY_STATE;
    case 'problems':
      return PROBLEM_STATES;
    case 'state':
      return { value: `state:${filter.state}`, label: filter.state };
  }
}

function stateFilterOf(option: SelectProps.Option): StateFilter {
  if (option.value?.startsWith('state:')) {
    return { kind: 'state', state: option.value.slice('state:'.length) };
  }

  return option.value === 'problems' ? { kind: 'problems' } : { kind: 'any' };
}

function groupOption(filter: GroupFilter, groups: NamedRef[]): SelectProps.Option {
  switch (filter.kind) {
    case 'any':
      return ANY_GROUP;
    case 'none':
      return NO_GROUP;
    case 'group':
      return {
        value: `group:${filter.id}`,
        label: groups.find((group) => group.id === filter.id)?.name ?? filter.id,
      };
  }
}

function groupFilterOf(option: SelectProps.Option): GroupFilter {
  if (option.value?.startsWith('group:')) {
    return { kind: 'group', id: option.value.slice('group:'.length) };
  }

  return option.value === 'none' ? { kind: 'none' } : { kind: 'any' };
}

/** Shows the inventory's filters: text for hostname and tag, Selects for target, replication state and group. */
export function ServerFilterBar({
  filter,
  onChange,
  targets,
  states,
  groups,
  countText,
}: ServerFilterBarProps) {
  const targetOptions = [
    ANY_TARGET,
    ...targets.map((target) => ({ value: targetKey(target), label: targetLabel(target) })),
  ];
  const stateOptions = [
    ANY_STATE,
    PROBLEM_STATES,
    ...states.map((state) => stateOption({ kind: 'state', state })),
  ];
  const groupOptions = [
    ANY_GROUP,
    NO_GROUP,
    ...groups.map((group) => groupOption({ kind: 'group', id: group.id }, groups)),
  ];

  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: '8px 16px', alignItems: 'flex-start' }}>
      <div style={{ flex: '1 1 240px', maxWidth: 360 }}>
        <TextFilter
          filteringText={filter.hostname}
          filteringPlaceholder="Find by hostname or server ID"
          filteringAriaLabel="Filter by hostname or server ID"
          filteringClearAriaLabel="Clear the hostname filter"
          countText={countText}
          onChange={({ detail }) => onChange({ ...filter, hostname: detail.filteringText })}
        />
      </div>
      <div style={{ flex: '1 1 200px', maxWidth: 280 }}>
        <Input
          type="search"
          value={filter.tag}
          placeholder="Tag, such as Tier=Database"
          ariaLabel="Filter by tag (key=value)"
          clearAriaLabel="Clear the tag filter"
          onChange={({ detail }) => onChange({ ...filter, tag: detail.value })}
        />
      </div>
      <div style={{ flex: '0 1 300px' }}>
        <Select
          inlineLabelText="Account and Region"
          options={targetOptions}
          selectedOption={
            targetOptions.find((option) => option.value === (filter.target ?? '')) ?? ANY_TARGET
          }
          onChange={({ detail }) => onChange({ ...filter, target: detail.selectedOption.value || null })}
        />
      </div>
      <div style={{ flex: '0 1 240px' }}>
        <Select
          inlineLabelText="Replication"
          options={stateOptions}
          selectedOption={stateOption(filter.state)}
          onChange={({ detail }) => onChange({ ...filter, state: stateFilterOf(detail.selectedOption) })}
        />
      </div>
      <div style={{ flex: '0 1 240px' }}>
        <Select
          inlineLabelText="Group"
          options={groupOptions}
          selectedOption={groupOption(filter.group, groups)}
          onChange={({ detail }) => onChange({ ...filter, group: groupFilterOf(detail.selectedOption) })}
        />
      </div>
    </div>
  );
}
