import Header from '@cloudscape-design/components/header';
import ProgressBar from '@cloudscape-design/components/progress-bar';
import Table from '@cloudscape-design/components/table';

import type { ExecutionSummary } from '../api/resources';
import { formatDuration } from '../common/format';
import { Status } from '../common/status-indicator';
import { elapsedSeconds, percentFinal } from '../executions/execution-progress';
import { ExecutionLink } from './execution-link';

interface Props {
  items: ExecutionSummary[];
  loading: boolean;
  nowMs: number;
}

/** Runs that are PENDING, RUNNING, PAUSED or HALTED, with their progress. */
export function ActiveExecutions({ items, loading, nowMs }: Props) {
  return (
    <Table
      header={
        <Header variant="h2" counter={loading ? undefined : `(${items.length})`}>
          Active executions
        </Header>
      }
      items={items}
      trackBy="id"
      variant="container"
      loading={loading}
      loadingText="Loading active executions"
      ariaLabels={{ tableLabel: 'Active executions' }}
      empty="No drill or recovery is running."
      columnDefinitions={[
        { id: 'plan', header: 'Plan', cell: (item) => <ExecutionLink execution={item} />, isRowHeader: true },
        { id: 'mode', header: 'Mode', cell: (item) => item.mode },
        { id: 'status', header: 'Status', cell: (item) => <Status value={item.status} /> },
        {
          id: 'progress',
          header: 'Progress',
          minWidth: 200,
          cell: (item) => {
            const { launched, failed, total } = item.serverCounts;
            // The summary counts launched and failed servers; skipped ones are not in it.
            return (
              <ProgressBar
                value={percentFinal({ total, final: launched + failed })}
                ariaLabel={`${item.planName}: ${launched + failed} of ${total} servers final`}
                additionalInfo={`${launched} launched, ${failed} failed of ${total}`}
              />
            );
          },
        },
        { id: 'elapsed', header: 'Elapsed', cell: (item) => formatDuration(elapsedSeconds(item, nowMs)) },
      ]}
    />
  );
}
