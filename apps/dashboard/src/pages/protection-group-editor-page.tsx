import { useParams } from 'react-router-dom';

import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';

import { Role } from '@drs/domain';

import { ApiError } from '../api/api-error';
import type { ListResponse, ProtectionGroup, SourceServer } from '../api/resources';
import { useSession } from '../auth/session';
import { InternalLink } from '../common/internal-link';
import { OperatorRoleNotice } from '../common/operator-role-notice';
import { useResource } from '../common/use-resource';
import { GroupEditor } from '../groups/group-editor';

/** Creates a group at /protection-groups/new and edits the group at /protection-groups/:id. */
export function ProtectionGroupEditorPage() {
  const { id } = useParams<{ id: string }>();
  const { may } = useSession();
  const canEdit = may(Role.Operator);
  const group = useResource(
    (api) =>
      id === undefined
        ? Promise.resolve(null)
        : api.get<ProtectionGroup>(`/protection-groups/${encodeURIComponent(id)}`),
    [id],
  );
  const inventory = useResource((api) => api.get<ListResponse<SourceServer>>('/drs/source-servers'), []);
  const backLink = <InternalLink href="/protection-groups">Back to protection groups</InternalLink>;

  if (id === undefined && !canEdit) {
    return (
      <OperatorRoleNotice
        title="Create protection group"
        action="Creating a protection group"
        listHref="/protection-groups"
        listName="protection groups"
      />
    );
  }
  if (group.error) {
    const missing = group.error instanceof ApiError && group.error.statusCode === 404;
    return (
      <Alert
        type="error"
        header={missing ? 'Protection group not found' : 'The protection group could not be loaded'}
        action={missing ? undefined : <Button onClick={() => void group.reload()}>Retry</Button>}
      >
        <SpaceBetween size="xs">
          <span>{group.error.message}</span>
          {backLink}
        </SpaceBetween>
      </Alert>
    );
  }
  if (id !== undefined && (group.loading || group.data === null)) {
    return <StatusIndicator type="loading">Loading protection group</StatusIndicator>;
  }

  return (
    <SpaceBetween size="m">
      {inventory.error && (
        <Alert
          type="error"
          header="The source servers could not be loaded"
          action={<Button onClick={() => void inventory.reload()}>Retry</Button>}
        >
          <div>{inventory.error.message}</div>
          <div>Servers cannot be picked and the tag preview stays empty until the inventory loads.</div>
        </Alert>
      )}
      <GroupEditor
        key={id ?? 'new'}
        group={group.data}
        inventory={inventory.data?.items ?? null}
        inventoryLoading={inventory.loading}
        readOnly={!canEdit}
      />
    </SpaceBetween>
  );
}
