import { ReactNode } from 'react';

import Box from '@cloudscape-design/components/box';
import Header from '@cloudscape-design/components/header';
import Table from '@cloudscape-design/components/table';

import type { ExecutionSummary } from '../api/resources';
import { formatDuration, formatTime, secondsBetween } from '../common/format';
import { Status } from '../common/status-indicator';
import { ExecutionLink } from './execution-link';

/** Keeps a status on one line, because a status indicator would otherwise break inside the word. */
function NoWrap({ children }: { children: ReactNode }) {
  return <span style={{ whiteSpace: 'nowrap' }}>{children}</span>;
}

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
      wrapLines
      loading={loading}
      loadingText="Loading recent results"
      ariaLabels={{ tableLabel: 'Recent results' }}
      empty="No execution has finished yet."
      columnDefinitions={[
        {
          // The mode shares the plan's cell so that all columns fit at 1280 px with the navigation open.
          id: 'plan',
          header: 'Plan and mode',
          isRowHeader: true,
          cell: (item) => (
            <>
              <ExecutionLink execution={item} />
              <Box variant="small" color="text-body-secondary" display="block">
                {item.mode}
              </Box>
            </>
          ),
        },
        {
          id: 'status',
          header: 'Status',
          cell: (item) => (
            <NoWrap>
              <Status value={item.status} />
            </NoWrap>
          ),
        },
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
        {
          id: 'cleanup',
          header: 'Cleanup',
          cell: (item) => (
            <NoWrap>
              <Status value={item.cleanupStatus} />
            </NoWrap>
          ),
        },
      ]}
    />
  );
}
