import { useState } from 'react';

import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';

import { Role } from '@drs/domain';

import type { ListResponse, ProtectionGroup, SourceServer } from '../api/resources';
import { useSession } from '../auth/session';
import { useResource } from '../common/use-resource';
import { DeleteGroupModal } from '../groups/delete-group-modal';
import { ProtectionGroupsTable } from '../groups/protection-groups-table';

/** Lists the protection groups, with create and delete for operators. */
export function ProtectionGroupsPage() {
  const { may } = useSession();
  const groups = useResource((api) => api.get<ListResponse<ProtectionGroup>>('/protection-groups'), []);
  // Only tag selector groups need the inventory, for their member count; the list works without it.
  const inventory = useResource((api) => api.get<ListResponse<SourceServer>>('/drs/source-servers'), []);
  const [deleting, setDeleting] = useState<ProtectionGroup | null>(null);

  const refresh = () => {
    void groups.reload();
    void inventory.reload();
  };

  return (
    <SpaceBetween size="m">
      {groups.error && (
        <Alert
          type="error"
          header="The protection groups could not be loaded"
          action={<Button onClick={() => void groups.reload()}>Retry</Button>}
        >
          {groups.error.message}
        </Alert>
      )}
      {inventory.error && !groups.error && (
        <Alert type="warning" header="Member counts of tag selector groups are unknown">
          The source servers could not be loaded: {inventory.error.message}
        </Alert>
      )}
      <ProtectionGroupsTable
        groups={groups.data?.items ?? []}
        servers={inventory.data?.items ?? null}
        loading={groups.loading}
        loadFailed={groups.error !== null}
        canEdit={may(Role.Operator)}
        onRefresh={refresh}
        onDelete={setDeleting}
      />
      <DeleteGroupModal group={deleting} onClose={() => setDeleting(null)} onDeleted={refresh} />
    </SpaceBetween>
  );
}
