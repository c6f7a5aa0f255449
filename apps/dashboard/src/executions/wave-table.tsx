import type { WaveRunView } from '@drs/contracts';

import Header from '@cloudscape-design/components/header';
import ProgressBar from '@cloudscape-design/components/progress-bar';
import Table from '@cloudscape-design/components/table';

import { formatDuration, formatTime, secondsBetween } from '../common/format';
import { Status } from '../common/status-indicator';
import { countWaveServers, percentFinal } from './execution-progress';

/** Lists the waves in launch position with status, progress, times, order, dependencies and reason. */
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
          id: 'status',
          header: 'Status',
          minWidth: 140,
          cell: (wave) => (
            <span data-testid={`wave-status-${wave.name}`} data-status={wave.status}>
              <Status value={wave.status} />
            </span>
          ),
        },
        {
          id: 'progress',
          header: 'Progress',
          minWidth: 180,
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
        { id: 'started', header: 'Started', cell: (wave) => formatTime(wave.startedAt) },
        { id: 'ended', header: 'Ended', cell: (wave) => formatTime(wave.endedAt) },
        {
          id: 'duration',
          header: 'Duration',
          cell: (wave) => formatDuration(secondsBetween(wave.startedAt, wave.endedAt)),
        },
        { id: 'order', header: 'Launch order', cell: (wave) => wave.launchOrder },
        {
          id: 'depends',
          header: 'Depends on',
          cell: (wave) => (wave.dependsOn.length > 0 ? wave.dependsOn.join(', ') : '-'),
        },
        { id: 'policy', header: 'On failure', cell: (wave) => wave.failurePolicy },
        { id: 'reason', header: 'Reason', cell: (wave) => wave.statusReason ?? '-' },
      ]}
    />
  );
}
