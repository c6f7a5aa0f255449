import { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';

import Link from '@cloudscape-design/components/link';
import Table from '@cloudscape-design/components/table';

import type { ExecutionSummary } from '../api/resources';
import { formatDuration, formatTime } from '../common/format';
import { Status } from '../common/status-indicator';
import { elapsedSeconds, isActiveExecution } from './execution-progress';

interface Props {
  items: ExecutionSummary[];
  loading: boolean;
  nowMs: number;
  header: ReactNode;
  filter: ReactNode;
  pagination: ReactNode;
  empty: ReactNode;
}

/** Executions, newest first; the plan name links to the execution's page. */
export function ExecutionHistoryTable({ items, loading, nowMs, header, filter, pagination, empty }: Props) {
  const navigate = useNavigate();

  return (
    <div data-testid="execution-history">
      <Table
        header={header}
        filter={filter}
        pagination={pagination}
        items={items}
        trackBy="id"
        variant="full-page"
        loading={loading}
        loadingText="Loading executions"
        empty={empty}
        ariaLabels={{ tableLabel: 'Execution history' }}
        // Wrapping keeps every column, the cleanup status included, in view at 1280 px.
        wrapLines
        columnDefinitions={[
          {
            id: 'plan',
            header: 'Plan',
            isRowHeader: true,
            cell: (item) => (
              <Link
                href={`/executions/${item.id}`}
                ariaLabel={`${item.planName} (v${item.planVersion}), ${item.mode.toLowerCase()} created ${formatTime(item.createdAt)}`}
                onFollow={(event) => {
                  event.preventDefault();
                  navigate(`/executions/${item.id}`);
                }}
              >
                {`${item.planName} (v${item.planVersion})`}
              </Link>
            ),
          },
          { id: 'mode', header: 'Mode', cell: (item) => item.mode },
          {
            id: 'status',
            header: 'Status',
            cell: (item) => (
              <span data-testid={`history-status-${item.id}`} data-status={item.status}>
                <Status value={item.status} />
              </span>
            ),
          },
          {
            id: 'servers',
            header: 'Launched / failed / all',
            cell: (item) =>
              `${item.serverCounts.launched} / ${item.serverCounts.failed} / ${item.serverCounts.total}`,
          },
          { id: 'started', header: 'Started', cell: (item) => formatTime(item.startedAt ?? item.createdAt) },
          {
            id: 'duration',
            header: 'Duration',
            cell: (item) => {
              const seconds = formatDuration(elapsedSeconds(item, nowMs));
              return isActiveExecution(item.status) && item.startedAt ? `${seconds} so far` : seconds;
            },
          },
          { id: 'cleanup', header: 'Cleanup', cell: (item) => <Status value={item.cleanupStatus} /> },
        ]}
      />
    </div>
  );
}
