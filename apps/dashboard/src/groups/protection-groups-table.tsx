import { useNavigate } from 'react-router-dom';

import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table, { TableProps } from '@cloudscape-design/components/table';

import type { ProtectionGroup, SourceServer } from '../api/resources';
import { InternalLink } from '../common/internal-link';
import { targetLabel } from '../servers/targets';
import { MemberSummary } from './member-summary';
import { memberCountOf } from './membership';

interface ProtectionGroupsTableProps {
  groups: ProtectionGroup[];
  /** The DRS inventory, to count the members of tag selector groups; null while unknown. */
  servers: SourceServer[] | null;
  loading: boolean;
  loadFailed: boolean;
  /** True when the user may create and delete groups (operator and above). */
  canEdit: boolean;
  onRefresh(): void;
  onDelete(group: ProtectionGroup): void;
}

function usedByCell(group: ProtectionGroup) {
  if (group.usedByPlans.length === 0) {
    return <Box color="text-body-secondary">No plan</Box>;
  }

  return (
    <SpaceBetween size="xxxs">
      {group.usedByPlans.map((plan) => (
        <InternalLink key={plan.id} href={`/recovery-plans/${plan.id}`}>
          {plan.name}
        </InternalLink>
      ))}
    </SpaceBetween>
  );
}

/** Lists every protection group with its target, members and the plans that use it. */
export function ProtectionGroupsTable({
  groups,
  servers,
  loading,
  loadFailed,
  canEdit,
  onRefresh,
  onDelete,
}: ProtectionGroupsTableProps) {
  const navigate = useNavigate();

  const columns: TableProps.ColumnDefinition<ProtectionGroup>[] = [
    {
      id: 'name',
      header: 'Name',
      isRowHeader: true,
      cell: (group) => (
        <>
          <InternalLink href={`/protection-groups/${group.id}`}>{group.name}</InternalLink>
          {group.description && (
            <Box variant="small" color="text-body-secondary">
              {group.description}
            </Box>
          )}
        </>
      ),
    },
    { id: 'target', header: 'Account / Region', minWidth: 170, cell: (group) => targetLabel(group) },
    { id: 'kind', header: 'Members', cell: (group) => <MemberSummary group={group} /> },
    {
      id: 'count',
      header: 'Servers',
      cell: (group) => String(memberCountOf(group, servers) ?? '-'),
    },
    { id: 'plans', header: 'Used by plans', cell: usedByCell },
  ];
  if (canEdit) {
    columns.push({
      id: 'actions',
      header: 'Actions',
      cell: (group) => (
        <Button
          variant="inline-link"
          ariaLabel={`Delete protection group ${group.name}`}
          onClick={() => onDelete(group)}
        >
          Delete
        </Button>
      ),
    });
  }

  return (
    <Table
      variant="full-page"
      items={groups}
      columnDefinitions={columns}
      trackBy="id"
      loading={loading && groups.length === 0}
      loadingText="Loading protection groups"
      wrapLines
      ariaLabels={{ tableLabel: 'Protection groups' }}
      header={
        <Header
          variant="awsui-h1-sticky"
          counter={`(${groups.length})`}
          description="Sets of source servers that recover together. A server belongs to one group at most."
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button
                iconName="refresh"
                ariaLabel="Refresh protection groups"
                loading={loading}
                onClick={onRefresh}
              />
              {canEdit && (
                <Button variant="primary" onClick={() => navigate('/protection-groups/new')}>
                  Create protection group
                </Button>
              )}
            </SpaceBetween>
          }
        >
          Protection groups
        </Header>
      }
      empty={
        <Box textAlign="center" color="inherit">
          <SpaceBetween size="xs">
            <b>No protection groups</b>
            <Box variant="p" color="inherit">
              {loadFailed
                ? 'The protection groups could not be loaded.'
                : 'A protection group lists servers, or selects them by tags, for recovery plans to launch.'}
            </Box>
            {canEdit && !loadFailed && (
              <Button onClick={() => navigate('/protection-groups/new')}>Create protection group</Button>
            )}
          </SpaceBetween>
        </Box>
      }
    />
  );
}
