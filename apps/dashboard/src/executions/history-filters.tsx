import FormField from '@cloudscape-design/components/form-field';
import Select, { SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';

import { ExecutionStatus } from '@drs/domain';

import type { NamedRef } from '../api/resources';

const ANY_PLAN: SelectProps.Option = { value: '', label: 'All plans' };
const ANY_STATUS: SelectProps.Option = { value: '', label: 'All statuses' };
const STATUS_OPTIONS: SelectProps.Option[] = [
  ANY_STATUS,
  ...Object.values(ExecutionStatus).map((status) => ({ value: status, label: status })),
];

interface Props {
  plans: NamedRef[];
  plansLoading: boolean;
  planId: string | null;
  status: string | null;
  onChange(filters: { planId: string | null; status: string | null }): void;
}

/** Plan and status filters of the execution history; an empty value means "all". */
export function HistoryFilters({ plans, plansLoading, planId, status, onChange }: Props) {
  const planOptions = [ANY_PLAN, ...plans.map((plan) => ({ value: plan.id, label: plan.name }))];
  // A plan id from the address that is not in the list (deleted plan) still shows as chosen.
  const selectedPlan = planId
    ? (planOptions.find((option) => option.value === planId) ?? { value: planId, label: `Plan ${planId}` })
    : ANY_PLAN;
  const selectedStatus = STATUS_OPTIONS.find((option) => option.value === (status ?? '')) ?? ANY_STATUS;

  return (
    <SpaceBetween direction="horizontal" size="m">
      <FormField label="Plan">
        <Select
          selectedOption={selectedPlan}
          options={planOptions}
          statusType={plansLoading ? 'loading' : 'finished'}
          loadingText="Loading plans"
          filteringType="auto"
          onChange={({ detail }) => onChange({ planId: detail.selectedOption.value || null, status })}
        />
      </FormField>
      <FormField label="Status">
        <Select
          selectedOption={selectedStatus}
          options={STATUS_OPTIONS}
          onChange={({ detail }) => onChange({ planId, status: detail.selectedOption.value || null })}
        />
      </FormField>
    </SpaceBetween>
  );
}
