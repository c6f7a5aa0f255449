import { useMemo, useState } from 'react';

import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import Table, { TableProps } from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';

import type { SourceServer } from '../api/resources';
import { pageCount, pageOf, sortItems } from '../common/sort-and-page';
import { ReplicationStatus } from '../servers/replication-status';
import { matchesServerText } from '../servers/server-filters';
import { TagList } from '../servers/tag-list';
import { mergeSelection, otherGroupOf } from './membership';

const PAGE_SIZE = 50;

interface ServerPickerProps {
  /** The servers of the chosen account and Region. */
  servers: SourceServer[];
  loading: boolean;
  /** Explicit members in boot order. */
  selectedIds: string[];
  editingGroupId: string | null;
  onChange(selectedIds: string[]): void;
}

/**
 * Multi-selection of the servers of one account and Region. Servers of another group are shown with
 * that group's name but cannot be selected, because a server belongs to one group at most.
 */
export function ServerPicker({ servers, loading, selectedIds, editingGroupId, onChange }: ServerPickerProps) {
  const [filterText, setFilterText] = useState('');
  const [page, setPage] = useState(1);

  const sorted = useMemo(
    () => sortItems(servers, (server) => server.hostname ?? server.sourceServerId, false),
    [servers],
  );
  const filtered = useMemo(
    () => sorted.filter((server) => matchesServerText(server, filterText)),
    [sorted, filterText],
  );
  const listedIds = useMemo(() => new Set(servers.map((server) => server.sourceServerId)), [servers]);
  const selectedSet = new Set(selectedIds);
  const selectedItems = servers.filter((server) => selectedSet.has(server.sourceServerId));
  const available = filtered.filter(
    (server) => otherGroupOf(server, editingGroupId) === null && !selectedSet.has(server.sourceServerId),
  );

  const columns: TableProps.ColumnDefinition<SourceServer>[] = [
    {
      id: 'hostname',
      minWidth: 150,
      header: 'Hostname',
      isRowHeader: true,
      cell: (server) => server.hostname ?? '-',
    },
    { id: 'id', minWidth: 190, header: 'Server ID', cell: (server) => server.sourceServerId },
    { id: 'tags', minWidth: 260, header: 'Tags', cell: (server) => <TagList tags={server.tags} inline /> },
    {
      id: 'replication',
      minWidth: 210,
      header: 'Replication',
      cell: (server) => <ReplicationStatus server={server} />,
    },
    {
      id: 'group',
      minWidth: 170,
      header: 'Protection group',
      cell: (server) => {
        const other = otherGroupOf(server, editingGroupId);
        return other ? (
          <Box color="text-status-inactive">In group {other.name}</Box>
        ) : (
          <Box color="text-body-secondary">{server.protectionGroup ? 'This group' : 'Available'}</Box>
        );
      },
    },
  ];

  return (
    <Table
      data-testid="server-picker"
      variant="container"
      items={pageOf(filtered, page, PAGE_SIZE)}
      columnDefinitions={columns}
      trackBy="sourceServerId"
      selectionType="multi"
      selectedItems={selectedItems}
      isItemDisabled={(server) => otherGroupOf(server, editingGroupId) !== null}
      onSelectionChange={({ detail }) =>
        onChange(
          mergeSelection(
            selectedIds,
            detail.selectedItems.map((server) => server.sourceServerId),
            listedIds,
          ),
        )
      }
      ariaLabels={{
        tableLabel: 'Servers to pick',
        selectionGroupLabel: 'Server selection',
        allItemsSelectionLabel: () => 'Select all servers on this page',
        itemSelectionLabel: (_state, server) => server.hostname ?? server.sourceServerId,
      }}
      loading={loading}
      loadingText="Loading source servers"
      wrapLines
      header={
        <Header
          counter={`(${selectedIds.length}/${servers.length})`}
          description="Servers of the chosen account and Region. Servers already in another group cannot be selected."
          actions={
            <Button
              formAction="none"
              disabled={available.length === 0}
              onClick={() => onChange([...selectedIds, ...available.map((server) => server.sourceServerId)])}
            >
              Select all available
            </Button>
          }
        >
          Servers
        </Header>
      }
      filter={
        <TextFilter
          filteringText={filterText}
          filteringPlaceholder="Find by hostname, server ID or tag"
          filteringAriaLabel="Filter servers to pick"
          filteringClearAriaLabel="Clear the filter"
          countText={`${filtered.length} ${filtered.length === 1 ? 'match' : 'matches'}`}
          onChange={({ detail }) => {
            setFilterText(detail.filteringText);
            setPage(1);
          }}
        />
      }
      pagination={
        <Pagination
          currentPageIndex={Math.min(page, pageCount(filtered.length, PAGE_SIZE))}
          pagesCount={pageCount(filtered.length, PAGE_SIZE)}
          onChange={({ detail }) => setPage(detail.currentPageIndex)}
          ariaLabels={{
            paginationLabel: 'Server pages',
            previousPageLabel: 'Previous page',
            nextPageLabel: 'Next page',
            pageLabel: (pageNumber) => `Page ${pageNumber}`,
          }}
        />
      }
      empty={
        <Box textAlign="center" color="inherit">
          {servers.length === 0
            ? 'No source servers in this account and Region.'
            : 'No server matches the filter.'}
        </Box>
      }
    />
  );
}
