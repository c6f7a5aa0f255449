import type { WaveRunView } from '@drs/contracts';

import Box from '@cloudscape-design/components/box';
import Header from '@cloudscape-design/components/header';
import ProgressBar from '@cloudscape-design/components/progress-bar';
import Table from '@cloudscape-design/components/table';

import { formatDuration, formatTime, secondsBetween } from '../common/format';
import { Status } from '../common/status-indicator';
import { countWaveServers, percentFinal } from './execution-progress';

/** Lists the waves in launch position with status and reason, progress, times, order, dependencies and failure policy. */
export function WaveTable({ waves }: { waves: WaveRunView[] }) {
  const ordered = [...waves].sort((a, b) => a.position - b.position);

  return (
    <Table
      header={
        <Header variant="h2" counter={`(${waves.length})`}>
          Waves
        </Header>
      }
      items={ordered}
      trackBy="name"
      variant="container"
      wrapLines
      ariaLabels={{ tableLabel: 'Waves of the execution' }}
      empty="The planner has not created the waves yet."
      columnDefinitions={[
        { id: 'name', header: 'Wave', cell: (wave) => wave.name, isRowHeader: true },
        {
          // The reason sits under the status that it explains. With its own column, and with launch
          // order and failure policy apart, the table did not fit at 1280 px with the navigation open.
          id: 'status',
          header: 'Status',
          minWidth: 140,
          cell: (wave) => (
            <>
              <span data-testid={`wave-status-${wave.name}`} data-status={wave.status}>
                <Status value={wave.status} />
              </span>
              {wave.statusReason && (
                <Box variant="small" color="text-body-secondary" display="block">
                  {wave.statusReason}
                </Box>
              )}
            </>
          ),
        },
        {
          id: 'progress',
          header: 'Progress',
          minWidth: 150,
          cell: (wave) => {
            const counts = countWaveServers(wave);
            return (
              <ProgressBar
                value={percentFinal(counts)}
                ariaLabel={`Wave ${wave.name}: ${counts.final} of ${counts.total} servers final`}
                additionalInfo={`${counts.launched} launched, ${counts.failed} failed, ${counts.skipped} skipped of ${counts.total}`}
              />
            );
          },
        },
        {
          id: 'time',
          header: 'Started / ended',
          minWidth: 190,
          cell: (wave) => (
            <div style={{ whiteSpace: 'nowrap' }}>
              <div>{formatTime(wave.startedAt)}</div>
              <div>{formatTime(wave.endedAt)}</div>
            </div>
          ),
        },
        {
          id: 'duration',
          header: 'Duration',
          cell: (wave) => formatDuration(secondsBetween(wave.startedAt, wave.endedAt)),
        },
        {
          id: 'order',
          header: 'Order / on failure',
          cell: (wave) => (
            <>
              <div>{wave.launchOrder}</div>
              <div>{wave.failurePolicy}</div>
            </>
          ),
        },
        {
          id: 'depends',
          header: 'Depends on',
          cell: (wave) => (wave.dependsOn.length > 0 ? wave.dependsOn.join(', ') : '-'),
        },
      ]}
    />
  );
}
