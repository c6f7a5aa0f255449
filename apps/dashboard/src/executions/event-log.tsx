import type { ExecutionEventMessage } from '@drs/contracts';

import Alert from '@cloudscape-design/components/alert';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { useCollection } from '@cloudscape-design/collection-hooks';

import { formatTime } from '../common/format';
import { describeEvent } from './execution-events';

const PAGE_SIZE = 100;

/** Shows the run's stored events, newest first. */
export function EventLog({
  events,
  loading,
  error,
}: {
  events: ExecutionEventMessage[];
  loading: boolean;
  error: string | null;
}) {
  const newestFirst = [...events].sort((a, b) => b.seq - a.seq);
  const { items, paginationProps } = useCollection(newestFirst, { pagination: { pageSize: PAGE_SIZE } });

  return (
    <SpaceBetween size="s">
      {error && <Alert type="error">{error}</Alert>}
      <Table
        header={
          <Header
            variant="h2"
            counter={`(${events.length})`}
            description="Every event the run recorded, newest first."
          >
            Event log
          </Header>
        }
        items={items}
        trackBy="seq"
        variant="container"
        wrapLines
        loading={loading && events.length === 0}
        loadingText="Loading events"
        ariaLabels={{ tableLabel: 'Event log of the execution' }}
        empty="No events recorded yet."
        pagination={
          <Pagination
            {...paginationProps}
            ariaLabels={{
              nextPageLabel: 'Next page of events',
              previousPageLabel: 'Previous page of events',
              pageLabel: (page) => `Page ${page} of the events`,
            }}
          />
        }
        columnDefinitions={[
          { id: 'seq', header: 'No.', cell: (event) => event.seq, width: 80 },
          { id: 'time', header: 'Time', cell: (event) => formatTime(event.createdAt), width: 200 },
          { id: 'type', header: 'Type', cell: (event) => event.type, width: 200 },
          {
            id: 'description',
            header: 'What happened',
            cell: (event) => describeEvent(event),
            isRowHeader: true,
          },
        ]}
      />
    </SpaceBetween>
  );
}
