import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Grid from '@cloudscape-design/components/grid';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';

import type { SourceServer } from '../api/resources';
import { EMPTY_TAG_ROW, TagRow, TagRowErrors } from './group-form';
import { tagValuesHint, tagValuesInInventory } from './tag-values';

interface TagSelectorRowsProps {
  rows: TagRow[];
  /** The servers of the chosen account and Region, whose tag values the rows hint at. */
  servers: readonly Pick<SourceServer, 'tags'>[];
  errors: Record<number, TagRowErrors> | undefined;
  readOnly: boolean;
  onChange(rows: TagRow[]): void;
}

/**
 * Builds the help under a values field, with the values that the inventory has for the key. It is
 * constraint text rather than a description, so the key and values inputs of a row stay aligned.
 */
function valuesConstraint(servers: readonly Pick<SourceServer, 'tags'>[], key: string): string {
  const hint = tagValuesHint(tagValuesInInventory(servers, key));

  return `Separate values with commas. Values are case-sensitive.${hint ? ` ${hint}` : ''}`;
}

/** Edits one row per tag key with its allowed values. The labels number the rows, so each input has its own name. */
export function TagSelectorRows({ rows, servers, errors, readOnly, onChange }: TagSelectorRowsProps) {
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
            constraintText={valuesConstraint(servers, row.key)}
            errorText={errors?.[index]?.values}
          >
            <Input
              value={row.values}
              readOnly={readOnly}
              placeholder="Exact values, case-sensitive"
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
