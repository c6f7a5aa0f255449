import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Select, { SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Textarea from '@cloudscape-design/components/textarea';

import { DrsTarget, targetKey, targetLabel } from '../servers/targets';
import { GroupForm, GroupFormErrors, MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH } from './group-form';

interface GroupDetailsFieldsProps {
  form: GroupForm;
  errors: GroupFormErrors;
  targets: DrsTarget[];
  targetsLoading: boolean;
  readOnly: boolean;
  onChange(changes: Partial<GroupForm>): void;
}

/** Name, description and the account and Region whose servers the group may contain. */
export function GroupDetailsFields({
  form,
  errors,
  targets,
  targetsLoading,
  readOnly,
  onChange,
}: GroupDetailsFieldsProps) {
  const options: SelectProps.Option[] = targets.map((target) => ({
    value: targetKey(target),
    label: targetLabel(target),
  }));
  const selected = options.find((option) => option.value === form.target) ?? null;

  return (
    <SpaceBetween size="l">
      <FormField
        label="Name"
        constraintText={`Unique; up to ${MAX_NAME_LENGTH} characters.`}
        errorText={errors.name}
      >
        <Input
          value={form.name}
          readOnly={readOnly}
          placeholder="orders-database"
          onChange={({ detail }) => onChange({ name: detail.value })}
        />
      </FormField>
      <FormField
        label="Description"
        description="Optional."
        errorText={errors.description}
        constraintText={`Up to ${MAX_DESCRIPTION_LENGTH} characters.`}
      >
        <Textarea
          value={form.description}
          readOnly={readOnly}
          rows={2}
          onChange={({ detail }) => onChange({ description: detail.value })}
        />
      </FormField>
      <FormField
        label="Account and Region"
        description="The DRS account and Region of the group's servers. Changing it clears the selected servers."
        errorText={errors.target}
      >
        <Select
          selectedOption={selected}
          options={options}
          readOnly={readOnly}
          placeholder="Choose an account and Region"
          statusType={targetsLoading ? 'loading' : 'finished'}
          loadingText="Loading the DRS inventory"
          empty="No source servers in any configured account and Region"
          onChange={({ detail }) => onChange({ target: detail.selectedOption.value ?? null })}
        />
      </FormField>
    </SpaceBetween>
  );
}
