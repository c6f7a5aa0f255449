import type { ExecutionView } from '@drs/contracts';

import Box from '@cloudscape-design/components/box';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import ProgressBar from '@cloudscape-design/components/progress-bar';

import { formatDuration, formatTime } from '../common/format';
import { Status } from '../common/status-indicator';
import { countExecutionServers, elapsedSeconds, isActiveExecution, percentFinal } from './execution-progress';
import { useNow } from './use-now';

/** Status, times, cleanup and overall progress of one run. */
export function ExecutionSummary({ view }: { view: ExecutionView }) {
  const running = isActiveExecution(view.status) && view.startedAt !== null;
  const now = useNow(running);
  const counts = countExecutionServers(view);

  return (
    <Container header={<Header variant="h2">Summary</Header>}>
      <KeyValuePairs
        columns={4}
        ariaLabel="Execution summary"
        items={[
          { label: 'Plan', value: `${view.planName} (version ${view.planVersion})` },
          { label: 'Mode', value: view.mode },
          {
            label: 'Status',
            value: (
              <span data-testid="execution-status" data-status={view.status}>
                <Status value={view.status} />
              </span>
            ),
          },
          { label: 'Status reason', value: view.statusReason ?? '-' },
          { label: 'Started', value: formatTime(view.startedAt ?? null) },
          { label: 'Ended', value: formatTime(view.endedAt) },
          { label: running ? 'Elapsed' : 'Duration', value: formatDuration(elapsedSeconds(view, now)) },
          {
            label: 'Cleanup',
            value: (
              <span data-testid="cleanup-status" data-status={view.cleanupStatus}>
                <Status value={view.cleanupStatus} />
              </span>
            ),
          },
        ]}
      />
      <Box margin={{ top: 'l' }}>
        <ProgressBar
          label="Servers final"
          value={percentFinal(counts)}
          description={`${counts.final} of ${counts.total} servers are final (LAUNCHED, FAILED or SKIPPED)`}
          additionalInfo={`${counts.launched} launched, ${counts.failed} failed, ${counts.skipped} skipped`}
        />
      </Box>
    </Container>
  );
}
