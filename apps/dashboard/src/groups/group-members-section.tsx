import { useMemo } from 'react';

import Box from '@cloudscape-design/components/box';
import FormField from '@cloudscape-design/components/form-field';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Tiles from '@cloudscape-design/components/tiles';

import type { SourceServer } from '../api/resources';
import { BootOrderTable } from './boot-order-table';
import { GroupForm, GroupFormErrors, MemberMode, tagRowsToSelector } from './group-form';
import { previewTagSelector } from './membership';
import { ServerPicker } from './server-picker';
import { TagSelectorPreview } from './tag-selector-preview';
import { TagSelectorRows } from './tag-selector-rows';

interface GroupMembersSectionProps {
  form: GroupForm;
  errors: GroupFormErrors;
  /** The servers of the chosen account and Region. */
  servers: SourceServer[];
  serversLoading: boolean;
  editingGroupId: string | null;
  readOnly: boolean;
  onChange(changes: Partial<GroupForm>): void;
}

/** Shows the member mode and, below it, the boot order with the server picker or the tag selector with its preview. */
export function GroupMembersSection({
  form,
  errors,
  servers,
  serversLoading,
  editingGroupId,
  readOnly,
  onChange,
}: GroupMembersSectionProps) {
  const serversById = useMemo(
    () => new Map(servers.map((server) => [server.sourceServerId, server])),
    [servers],
  );
  const preview = useMemo(
    () => previewTagSelector(servers, tagRowsToSelector(form.tagRows), editingGroupId),
    [servers, form.tagRows, editingGroupId],
  );

  return (
    <SpaceBetween size="l">
      <FormField label="Member mode">
        <Tiles
          value={form.mode}
          readOnly={readOnly}
          onChange={({ detail }) => onChange({ mode: detail.value as MemberMode })}
          items={[
            {
              value: 'explicit',
              label: 'Pick servers',
              description: 'List the servers one by one. Their order is the boot order of sequential waves.',
            },
            {
              value: 'tags',
              label: 'Tag selector',
              description: 'Include every server whose tags match, including servers tagged later.',
            },
          ]}
        />
      </FormField>

      {form.target === null ? (
        <Box color="text-body-secondary">Choose an account and Region to see its servers.</Box>
      ) : form.mode === 'explicit' ? (
        <SpaceBetween size="l">
          <FormField
            label={`Boot order (${form.sourceServerIds.length})`}
            description="DRS launches the servers of a sequential wave in this order."
            errorText={errors.members}
            stretch
          >
            <BootOrderTable
              sourceServerIds={form.sourceServerIds}
              serversById={serversById}
              readOnly={readOnly}
              onChange={(sourceServerIds) => onChange({ sourceServerIds })}
            />
          </FormField>
          {!readOnly && (
            <ServerPicker
              servers={servers}
              loading={serversLoading}
              selectedIds={form.sourceServerIds}
              editingGroupId={editingGroupId}
              onChange={(sourceServerIds) => onChange({ sourceServerIds })}
            />
          )}
        </SpaceBetween>
      ) : (
        <SpaceBetween size="l">
          <FormField
            label="Tag selector"
            description="A server matches when it has every key with one of the listed values."
            errorText={errors.members}
            stretch
          >
            <TagSelectorRows
              rows={form.tagRows}
              servers={servers}
              errors={errors.tagRows}
              readOnly={readOnly}
              onChange={(tagRows) => onChange({ tagRows })}
            />
          </FormField>
          <TagSelectorPreview rows={preview} loading={serversLoading} />
        </SpaceBetween>
      )}
    </SpaceBetween>
  );
}
