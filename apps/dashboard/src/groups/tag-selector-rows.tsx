import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Grid from '@cloudscape-design/components/grid';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';

import { EMPTY_TAG_ROW, TagRow, TagRowErrors } from './group-form';

interface TagSelectorRowsProps {
  rows: TagRow[];
  errors: Record<number, TagRowErrors> | undefined;
  readOnly: boolean;
  onChange(rows: TagRow[]): void;
}

/** Edits one row per tag key with its allowed values. The labels number the rows, so each input has its own name. */
export function TagSelectorRows({ rows, errors, readOnly, onChange }: TagSelectorRowsProps) {
  const update = (index: number, changes: Partial<TagRow>) =>
    onChange(rows.map((row, position) => (position === index ? { ...row, ...changes } : row)));

  return (
    <SpaceBetween size="m">
      {rows.map((row, index) => (
        <Grid
          key={index}
          gridDefinition={[
            { colspan: { default: 12, s: 4 } },
            { colspan: { default: 12, s: 6 } },
            { colspan: { default: 12, s: 2 } },
          ]}
        >
          <FormField label={`Tag key ${index + 1}`} errorText={errors?.[index]?.key}>
            <Input
              value={row.key}
              readOnly={readOnly}
              placeholder="Tier"
              onChange={({ detail }) => update(index, { key: detail.value })}
            />
          </FormField>
          <FormField
            label={`Tag values ${index + 1}`}
            constraintText="Separate values with commas. Values are case-sensitive."
            errorText={errors?.[index]?.values}
          >
            <Input
              value={row.values}
              readOnly={readOnly}
              placeholder="Database, App"
              onChange={({ detail }) => update(index, { values: detail.value })}
            />
          </FormField>
          {!readOnly && (
            <div style={{ paddingTop: 24 }}>
              <Button
                formAction="none"
                ariaLabel={`Remove tag ${index + 1}`}
                onClick={() => onChange(rows.filter((_, position) => position !== index))}
              >
                Remove
              </Button>
            </div>
          )}
        </Grid>
      ))}
      {!readOnly && (
        <Button formAction="none" iconName="add-plus" onClick={() => onChange([...rows, EMPTY_TAG_ROW])}>
          Add tag
        </Button>
      )}
    </SpaceBetween>
  );
}
