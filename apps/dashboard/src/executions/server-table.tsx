import { useCollection } from '@cloudscape-design/collection-hooks';
import Header from '@cloudscape-design/components/header';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';

import { formatTime } from '../common/format';
import { Status } from '../common/status-indicator';
import { ServerRow, serverReason } from './server-rows';

/**
 * Lists every server of the execution without pagination, because an operator scrolls a run of a
 * few hundred servers faster than they page through it, and the browser test reads every status.
 */
export function ServerTable({ rows }: { rows: ServerRow[] }) {
  const { items, filterProps, filteredItemsCount, collectionProps } = useCollection(rows, {
    filtering: {
      filteringFunction: (row, text) => {
        const needle = text.trim().toLowerCase();
        return [
          row.hostname,
          row.sourceServerId,
          row.wave,
          row.groupName,
          row.status,
          row.drsJobId,
          row.recoveryInstanceId,
        ]
          .filter((value): value is string => Boolean(value))
          .some((value) => value.toLowerCase().includes(needle));
      },
      empty: 'The planner has not resolved the protection groups to servers yet.',
      noMatch: 'No server matches the filter.',
    },
    sorting: {},
  });

  return (
    <Table
      {...collectionProps}
      header={
        <Header variant="h2" counter={`(${rows.length})`}>
          Servers
        </Header>
      }
      items={items}
      trackBy="sourceServerId"
      variant="container"
      stickyColumns={{ first: 1 }}
      ariaLabels={{ tableLabel: 'Servers of the execution' }}
      filter={
        <TextFilter
          {...filterProps}
          filteringPlaceholder="Find by hostname, ID, wave, group, status, job or instance"
          filteringAriaLabel="Filter servers"
          countText={`${filteredItemsCount ?? rows.length} matches`}
        />
      }
      columnDefinitions={[
        {
          id: 'hostname',
          header: 'Hostname',
          cell: (row) => row.hostname ?? '-',
          isRowHeader: true,
          sortingField: 'hostname',
        },
        { id: 'wave', header: 'Wave', cell: (row) => row.wave, sortingField: 'wavePosition' },
        {
          id: 'sourceServerId',
          header: 'Source server ID',
          cell: (row) => row.sourceServerId,
          sortingField: 'sourceServerId',
        },
        { id: 'group', header: 'Group', cell: (row) => row.groupName, sortingField: 'groupName' },
        { id: 'os', header: 'OS', cell: (row) => row.osFamily, sortingField: 'osFamily' },
        {
          id: 'status',
          header: 'Status',
          sortingField: 'status',
          cell: (row) => (
            <span data-testid={`server-status-${row.sourceServerId}`} data-status={row.status}>
              <Status value={row.status} />
            </span>
          ),
        },
        { id: 'attempt', header: 'Attempt', cell: (row) => row.attempt, sortingField: 'attempt' },
        { id: 'drsJobId', header: 'DRS job', cell: (row) => row.drsJobId ?? '-' },
        {
          id: 'recoveryInstanceId',
          header: 'Recovery instance',
          cell: (row) => row.recoveryInstanceId ?? '-',
        },
        { id: 'requested', header: 'Launch requested', cell: (row) => formatTime(row.launchRequestedAt) },
        { id: 'started', header: 'Launch started', cell: (row) => formatTime(row.launchStartedAt) },
        { id: 'ended', header: 'Launch ended', cell: (row) => formatTime(row.launchEndedAt) },
        { id: 'reason', header: 'Reason', cell: (row) => serverReason(row), minWidth: 240 },
      ]}
    />
  );
}
