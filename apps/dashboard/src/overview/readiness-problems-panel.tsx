import { useNavigate } from 'react-router-dom';

import { useCollection } from '@cloudscape-design/collection-hooks';

import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';

import type { ListResponse, RecoveryPlan, SourceServer } from '../api/resources';
import { useResource } from '../common/use-resource';
import { findReadinessProblems, problemLabels } from './readiness-problems';

const PAGE_SIZE = 10;

/**
 * Source servers a drill would warn about now: replication not CONTINUOUS, lag above the RPO of
 * their group's plans (300 s without a plan), or in no protection group.
 */
export function ReadinessProblemsPanel() {
  const navigate = useNavigate();
  const servers = useResource((api) => api.get<ListResponse<SourceServer>>('/drs/source-servers'), []);
  const plans = useResource((api) => api.get<ListResponse<RecoveryPlan>>('/recovery-plans'), []);
  const loading = (servers.loading && !servers.data) || (plans.loading && !plans.data);
  const summary = findReadinessProblems(servers.data?.items ?? [], plans.data?.items ?? []);
  const { items, paginationProps } = useCollection(summary.problems, { pagination: { pageSize: PAGE_SIZE } });

  return (
    <Table
      header={
        <Header
          variant="h2"
          counter={loading ? undefined : `(${summary.problems.length})`}
          description={
            servers.data ? `Checked ${servers.data.items.length} source servers in DRS.` : undefined
          }
          actions={
            <Button
              onClick={() => navigate('/source-servers')}
              ariaLabel="Open the Source servers page"
              href="/source-servers"
            >
              Source servers
            </Button>
          }
        >
          Readiness problems
        </Header>
      }
      filter={
        <SpaceBetween size="s">
          {servers.error && (
            <Alert type="error" header="The source servers could not be read from DRS">
              {servers.error.message}
            </Alert>
          )}
          {plans.error && (
            <Alert type="warning">
              The plans could not be loaded, so lag is checked against 300 s: {plans.error.message}
            </Alert>
          )}
          <KeyValuePairs
            columns={3}
            ariaLabel="Readiness problem counts"
            items={[
              { label: 'Not replicating normally', value: loading ? '-' : summary.notReplicating },
              { label: 'Lag above the RPO', value: loading ? '-' : summary.lagAboveRpo },
              { label: 'In no protection group', value: loading ? '-' : summary.inNoGroup },
            ]}
          />
        </SpaceBetween>
      }
      items={items}
      pagination={
        <Pagination
          {...paginationProps}
          ariaLabels={{
            nextPageLabel: 'Next page of servers with problems',
            previousPageLabel: 'Previous page of servers with problems',
            pageLabel: (page) => `Page ${page} of the servers with problems`,
          }}
        />
      }
      trackBy={(problem) =>
        `${problem.server.accountId}/${problem.server.region}/${problem.server.sourceServerId}`
      }
      variant="container"
      loading={loading}
      loadingText="Checking source servers"
      wrapLines
      ariaLabels={{ tableLabel: 'Source servers with readiness problems' }}
      empty={
        <Box textAlign="center">
          Every source server replicates normally within its RPO and is in a group.
        </Box>
      }
      columnDefinitions={[
        {
          id: 'server',
          header: 'Server',
          isRowHeader: true,
          cell: (problem) => problem.server.hostname ?? problem.server.sourceServerId,
        },
        { id: 'id', header: 'Source server ID', cell: (problem) => problem.server.sourceServerId },
        { id: 'group', header: 'Group', cell: (problem) => problem.server.protectionGroup?.name ?? 'none' },
        { id: 'problems', header: 'Problems', cell: (problem) => problemLabels(problem).join('; ') },
      ]}
    />
  );
}
