import Header from '@cloudscape-design/components/header';
import Table from '@cloudscape-design/components/table';

import type { ExecutionSummary } from '../api/resources';
import { formatDuration, formatTime, secondsBetween } from '../common/format';
import { Status } from '../common/status-indicator';
import { ExecutionLink } from './execution-link';

/** Lists the last finished executions, newest first. */
export function RecentResults({ items, loading }: { items: ExecutionSummary[]; loading: boolean }) {
  return (
    <Table
      header={
        <Header variant="h2" description="The last 10 finished drills and recoveries.">
          Recent results
        </Header>
      }
      items={items}
      trackBy="id"
      variant="container"
      loading={loading}
      loadingText="Loading recent results"
      ariaLabels={{ tableLabel: 'Recent results' }}
      empty="No execution has finished yet."
      columnDefinitions={[
        { id: 'plan', header: 'Plan', cell: (item) => <ExecutionLink execution={item} />, isRowHeader: true },
        { id: 'mode', header: 'Mode', cell: (item) => item.mode },
        { id: 'status', header: 'Status', cell: (item) => <Status value={item.status} /> },
        {
          id: 'servers',
          header: 'Launched / failed / total',
          cell: (item) =>
            `${item.serverCounts.launched} / ${item.serverCounts.failed} / ${item.serverCounts.total}`,
        },
        { id: 'ended', header: 'Ended', cell: (item) => formatTime(item.endedAt) },
        {
          id: 'duration',
          header: 'Duration',
          cell: (item) => formatDuration(secondsBetween(item.startedAt, item.endedAt)),
        },
        { id: 'cleanup', header: 'Cleanup', cell: (item) => <Status value={item.cleanupStatus} /> },
      ]}
    />
  );
}
