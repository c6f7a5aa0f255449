import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import SpaceBetween from '@cloudscape-design/components/space-between';

import type { ListResponse, SourceServer } from '../api/resources';
import { useResource } from '../common/use-resource';
import { SourceServersTable } from '../servers/source-servers-table';

/** Shows the DRS inventory of every configured account and Region, with each server's replication and group. */
export function SourceServersPage() {
  const inventory = useResource((api) => api.get<ListResponse<SourceServer>>('/drs/source-servers'), []);

  return (
    <SpaceBetween size="m">
      {inventory.error && (
        <Alert
          type="error"
          header="The source servers could not be loaded"
          action={<Button onClick={() => void inventory.reload()}>Retry</Button>}
        >
          {inventory.error.message}
        </Alert>
      )}
      <SourceServersTable
        servers={inventory.data?.items ?? []}
        loading={inventory.loading}
        loadFailed={inventory.error !== null}
        onRefresh={() => void inventory.reload()}
      />
    </SpaceBetween>
  );
}
