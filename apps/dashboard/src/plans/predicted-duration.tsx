import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import ExpandableSection from '@cloudscape-design/components/expandable-section';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';

import { formatDuration } from '../common/format';
import { PlanPrediction, WavePrediction, WINDOWS_LAUNCH_SECONDS } from './predict-duration';

interface PredictedDurationProps {
  prediction: PlanPrediction | null;
  serversLoading: boolean;
  serversError: Error | null;
}

function WaveNotes({ wave }: { wave: WavePrediction }) {
  const notes = [];
  if (wave.serverCount === 0) {
    notes.push(
      <StatusIndicator key="empty" type="info">
        No servers in its groups
      </StatusIndicator>,
    );
  }
  if (wave.exceedsDeadline && wave.deadlineSeconds !== null) {
    notes.push(
      <StatusIndicator key="deadline" type="warning">
        Longer than its deadline of {formatDuration(wave.deadlineSeconds)}
      </StatusIndicator>,
    );
  }
  if (wave.queuedJobCount > 0) {
    notes.push(
      <StatusIndicator key="queued" type="info">
        {wave.queuedJobCount} launch {wave.queuedJobCount === 1 ? 'job waits' : 'jobs wait'} for the DRS
        quotas
      </StatusIndicator>,
    );
  }
  if (wave.unknownOsServers.length > 0) {
    notes.push(
      <StatusIndicator key="unknown" type="warning">
        {wave.unknownOsServers.length} with unknown OS
      </StatusIndicator>,
    );
  }

  return notes.length > 0 ? <SpaceBetween size="xxxs">{notes}</SpaceBetween> : <>-</>;
}

/**
 * Shows the plan's estimated duration and each wave's share of it. The numbers come from the
 * typical boot times that AWS documents, and the panel labels them as estimates.
 */
export function PredictedDuration({ prediction, serversLoading, serversError }: PredictedDurationProps) {
  let content;
  if (serversError) {
    content = (
      <Alert type="warning" header="No estimate">
        The source servers could not be loaded, so their launch times are unknown: {serversError.message}
      </Alert>
    );
  } else if (serversLoading || !prediction) {
    content = <StatusIndicator type="loading">Loading source servers for the estimate</StatusIndicator>;
  } else if (prediction.kind === 'cycle') {
    content = (
      <Alert type="error" header="No estimate">
        The waves depend on each other in a cycle ({prediction.cycle.join(' -> ')}), so none of them could
        start.
      </Alert>
    );
  } else {
    content = (
      <SpaceBetween size="m">
        <div>
          <Box variant="awsui-key-label">Estimated total duration</Box>
          <Box variant="h2" tagOverride="p">
            {formatDuration(prediction.totalSeconds)} (estimate)
          </Box>
          {prediction.criticalPath.length > 1 && (
            <Box variant="small">Longest path: {prediction.criticalPath.join(' -> ')}</Box>
          )}
        </div>
        <Table
          variant="embedded"
          items={prediction.waves}
          trackBy="name"
          ariaLabels={{ tableLabel: 'Estimated duration of each wave' }}
          columnDefinitions={[
            { id: 'name', header: 'Wave', cell: (wave) => wave.name },
            { id: 'servers', header: 'Servers', cell: (wave) => wave.serverCount },
            { id: 'estimate', header: 'Estimate', cell: (wave) => formatDuration(wave.durationSeconds) },
            { id: 'start', header: 'Starts after', cell: (wave) => formatDuration(wave.startSeconds) },
            { id: 'end', header: 'Ends after', cell: (wave) => formatDuration(wave.endSeconds) },
            {
              id: 'notes',
              header: 'Notes',
              cell: (wave) => <WaveNotes wave={wave} />,
            },
          ]}
          empty={<Box textAlign="center">No waves to estimate.</Box>}
        />
        {prediction.unknownOsServers.length > 0 && (
          <ExpandableSection
            headerText={`Servers with unknown OS (${prediction.unknownOsServers.length})`}
            variant="footer"
          >
            <Box variant="p">
              DRS reports no Windows or Linux OS family for these servers, so each counts as{' '}
              {formatDuration(WINDOWS_LAUNCH_SECONDS)}, the Windows estimate.
            </Box>
            <ul>
              {prediction.unknownOsServers.map((server) => (
                <li key={server.sourceServerId}>
                  {server.hostname ? `${server.hostname} (${server.sourceServerId})` : server.sourceServerId}
                </li>
              ))}
            </ul>
          </ExpandableSection>
        )}
      </SpaceBetween>
    );
  }

  return (
    <div data-testid="predicted-duration">
      <SpaceBetween size="s">
        <Box variant="p" color="text-body-secondary">
          An estimate from the typical boot times that AWS documents: a recovered Linux server usually boots
          within 5 minutes and a Windows server within 20. A parallel wave takes as long as its slowest
          server, and runs in rounds beyond 500 servers per account and Region. A sequential wave takes the
          sum of its servers. A wave starts when all the waves it depends on have ended.
        </Box>
        {content}
      </SpaceBetween>
    </div>
  );
}
