import { useMemo, useState } from 'react';

import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import CollectionPreferences from '@cloudscape-design/components/collection-preferences';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table, { TableProps } from '@cloudscape-design/components/table';

import type { SourceServer } from '../api/resources';
import { formatTime } from '../common/format';
import { InternalLink } from '../common/internal-link';
import { pageCount, pageOf, sortItems, SortValue } from '../common/sort-and-page';
import { ReplicationStatus } from './replication-status';
import { hasReplicationProblem } from './replication';
import { ServerFilterBar } from './server-filter-bar';
import {
  filterServers,
  groupsOf,
  isFiltering,
  NO_FILTER,
  replicationStatesOf,
  ServerFilter,
} from './server-filters';
import { TagList } from './tag-list';
import { listTargets, targetLabel } from './targets';

const PAGE_SIZES = [50, 100, 200];

/** Larger than any lag in seconds that DRS reports (about 30 years). */
const FLAGGED_SORT_OFFSET = 1e9;

/**
 * Sort value of each sortable column. Replication sorts by lag, with every flagged server beyond
 * every healthy one, so that sorting in descending order lists the problems first.
 */
const SORT_VALUES: Record<string, (server: SourceServer) => SortValue> = {
  hostname: (server) => server.hostname ?? server.sourceServerId,
  target: (server) => targetLabel(server),
  os: (server) => server.os ?? server.osFamily,
  replication: (server) =>
    (hasReplicationProblem(server) ? FLAGGED_SORT_OFFSET : 0) + (server.lagSeconds ?? 0),
  lastSeen: (server) => server.lastSeenAt,
  group: (server) => server.protectionGroup?.name ?? null,
};

const COLUMNS: TableProps.ColumnDefinition<SourceServer>[] = [
  {
    id: 'hostname',
    header: 'Hostname',
    sortingField: 'hostname',
    minWidth: 180,
    cell: (server) => (
      <>
        <div>{server.hostname ?? '-'}</div>
        <Box variant="small" color="text-body-secondary">
          {server.sourceServerId}
        </Box>
      </>
    ),
  },
  {
    id: 'target',
    header: 'Account / Region',
    sortingField: 'target',
    minWidth: 170,
    cell: (server) => targetLabel(server),
  },
  {
    id: 'os',
    header: 'OS',
    sortingField: 'os',
    minWidth: 160,
    cell: (server) => server.os ?? server.osFamily,
  },
  {
    id: 'replication',
    header: 'Replication',
    sortingField: 'replication',
    minWidth: 220,
    cell: (server) => <ReplicationStatus server={server} />,
  },
  {
    id: 'lastSeen',
    header: 'Last seen',
    sortingField: 'lastSeen',
    minWidth: 130,
    cell: (server) => formatTime(server.lastSeenAt),
  },
  { id: 'tags', header: 'Tags', minWidth: 220, cell: (server) => <TagList tags={server.tags} /> },
  {
    id: 'group',
    header: 'Protection group',
    sortingField: 'group',
    minWidth: 150,
    cell: (server) =>
      server.protectionGroup ? (
        <InternalLink href={`/protection-groups/${server.protectionGroup.id}`}>
          {server.protectionGroup.name}
        </InternalLink>
      ) : (
        <Box color="text-body-secondary">No group</Box>
      ),
  },
];

interface SourceServersTableProps {
  servers: SourceServer[];
  loading: boolean;
  /** True when the last load failed; the page shows the error above the table. */
  loadFailed: boolean;
  onRefresh(): void;
}

/** Shows the DRS inventory with filters, sorting and pages. */
export function SourceServersTable({ servers, loading, loadFailed, onRefresh }: SourceServersTableProps) {
  const [filter, setFilter] = useState<ServerFilter>(NO_FILTER);
  const [sortingColumn, setSortingColumn] = useState<TableProps.SortingColumn<SourceServer>>({
    sortingField: 'hostname',
  });
  const [descending, setDescending] = useState(false);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0]);

  const options = useMemo(
    () => ({
      targets: listTargets(servers),
      states: replicationStatesOf(servers),
      groups: groupsOf(servers),
    }),
    [servers],
  );
  const filtered = useMemo(() => filterServers(servers, filter), [servers, filter]);
  const sorted = useMemo(() => {
    const sortValue = SORT_VALUES[sortingColumn.sortingField ?? 'hostname'] ?? SORT_VALUES.hostname;
    return sortItems(filtered, sortValue, descending);
  }, [filtered, sortingColumn, descending]);
  const problemCount = useMemo(() => servers.filter(hasReplicationProblem).length, [servers]);

  const changeFilter = (next: ServerFilter) => {
    setFilter(next);
    setPage(1);
  };
  const counter = isFiltering(filter) ? `(${filtered.length}/${servers.length})` : `(${servers.length})`;
  const description =
    problemCount > 0
      ? `${problemCount} of ${servers.length} servers need attention: a problem replication state or lag above 5 minutes.`
      : 'Servers that DRS replicates, in every configured account and Region.';

  return (
    <Table
      variant="full-page"
      items={pageOf(sorted, page, pageSize)}
      columnDefinitions={COLUMNS}
      trackBy="sourceServerId"
      loading={loading && servers.length === 0}
      loadingText="Loading source servers"
      wrapLines
      stickyColumns={{ first: 1 }}
      sortingColumn={sortingColumn}
      sortingDescending={descending}
      onSortingChange={({ detail }) => {
        setSortingColumn(detail.sortingColumn);
        setDescending(detail.isDescending ?? false);
      }}
      ariaLabels={{ tableLabel: 'Source servers' }}
      header={
        <Header
          variant="awsui-h1-sticky"
          counter={counter}
          description={description}
          actions={
            <Button iconName="refresh" loading={loading} onClick={onRefresh}>
              Refresh
            </Button>
          }
        >
          Source servers
        </Header>
      }
      filter={
        <ServerFilterBar
          filter={filter}
          onChange={changeFilter}
          targets={options.targets}
          states={options.states}
          groups={options.groups}
          countText={`${filtered.length} ${filtered.length === 1 ? 'match' : 'matches'}`}
        />
      }
      pagination={
        <Pagination
          currentPageIndex={Math.min(page, pageCount(sorted.length, pageSize))}
          pagesCount={pageCount(sorted.length, pageSize)}
          onChange={({ detail }) => setPage(detail.currentPageIndex)}
          ariaLabels={{
            paginationLabel: 'Source server pages',
            previousPageLabel: 'Previous page',
            nextPageLabel: 'Next page',
            pageLabel: (pageNumber) => `Page ${pageNumber}`,
          }}
        />
      }
      preferences={
        <CollectionPreferences
          title="Preferences"
          confirmLabel="Confirm"
          cancelLabel="Cancel"
          preferences={{ pageSize }}
          pageSizePreference={{
            title: 'Servers per page',
            options: PAGE_SIZES.map((size) => ({ value: size, label: `${size} servers` })),
          }}
          onConfirm={({ detail }) => {
            setPageSize(detail.pageSize ?? PAGE_SIZES[0]);
            setPage(1);
          }}
        />
      }
      empty={
        servers.length === 0 ? (
          <Box textAlign="center" color="inherit">
            <b>No source servers</b>
            <Box variant="p" color="inherit">
              {loadFailed
                ? 'The inventory could not be loaded.'
                : 'DRS reports no source servers in the configured accounts and Regions.'}
            </Box>
          </Box>
        ) : (
          <Box textAlign="center" color="inherit">
            <SpaceBetween size="xs">
              <b>No matching servers</b>
              <Box variant="p" color="inherit">
                No source server matches these filters.
              </Box>
              <Button onClick={() => changeFilter(NO_FILTER)}>Clear filters</Button>
            </SpaceBetween>
          </Box>
        )
      }
    />
  );
}
