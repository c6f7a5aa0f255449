import type { ExecutionEventMessage, ExecutionView } from '@drs/contracts';

import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import KeyValuePairs from '@cloudscape-design/components/key-value-pairs';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';

import { formatDuration, formatTime } from '../common/format';
import { Status } from '../common/status-indicator';
import { downloadReport } from './download-report';
import { buildExecutionReport } from './execution-report';
import { ReadinessWarnings } from './readiness-warnings';

interface Props {
  view: ExecutionView;
  events: ExecutionEventMessage[];
  eventsLoading: boolean;
}

/** Summarizes the run (duration, per-wave durations, counts, DRS jobs, warnings, cleanup) and offers it as JSON. */
export function ExecutionReportPanel({ view, events, eventsLoading }: Props) {
  const report = buildExecutionReport(view, events);
  const cleanupResult =
    report.cleanup.terminated === null
      ? '-'
      : `${report.cleanup.terminated} terminated, ${report.cleanup.failed ?? 0} failed`;

  return (
    <SpaceBetween size="l">
      <Container
        header={
          <Header
            variant="h2"
            description="Built from the execution and its stored events."
            actions={
              <Button
                iconName="download"
                disabled={eventsLoading}
                onClick={() => downloadReport(view, events)}
              >
                Download report (JSON)
              </Button>
            }
          >
            Report
          </Header>
        }
      >
        <KeyValuePairs
          columns={4}
          ariaLabel="Report summary"
          items={[
            { label: 'Duration', value: formatDuration(report.durationSeconds) },
            { label: 'Servers', value: report.counts.total },
            { label: 'Launched', value: report.counts.launched },
            { label: 'Failed', value: report.counts.failed },
            { label: 'Skipped', value: report.counts.skipped },
            { label: 'DRS jobs', value: report.drsJobs.length },
            { label: 'Batch retries (conflict, throttling, capacity)', value: report.batchRetries },
            { label: 'Servers retried by an operator', value: report.serverRetries },
            { label: 'Cleanup', value: <Status value={report.cleanup.status} /> },
            { label: 'Cleanup result', value: cleanupResult },
            {
              label: 'Cleanup DRS jobs',
              value: report.cleanup.drsJobIds.length > 0 ? report.cleanup.drsJobIds.join(', ') : '-',
            },
          ]}
        />
      </Container>
      <Table
        header={<Header variant="h2">Waves</Header>}
        items={report.waves}
        trackBy="name"
        variant="container"
        wrapLines
        ariaLabels={{ tableLabel: 'Wave durations' }}
        empty="No waves."
        columnDefinitions={[
          { id: 'name', header: 'Wave', cell: (wave) => wave.name, isRowHeader: true },
          { id: 'status', header: 'Status', minWidth: 140, cell: (wave) => <Status value={wave.status} /> },
          { id: 'started', header: 'Started', cell: (wave) => formatTime(wave.startedAt) },
          { id: 'ended', header: 'Ended', cell: (wave) => formatTime(wave.endedAt) },
          { id: 'duration', header: 'Duration', cell: (wave) => formatDuration(wave.durationSeconds) },
          {
            id: 'counts',
            header: 'Launched / failed / skipped / total',
            cell: (wave) =>
              `${wave.counts.launched} / ${wave.counts.failed} / ${wave.counts.skipped} / ${wave.counts.total}`,
          },
          { id: 'reason', header: 'Reason', cell: (wave) => wave.statusReason ?? '-' },
        ]}
      />
      <Table
        header={
          <Header variant="h2" counter={`(${report.drsJobs.length})`}>
            DRS jobs used
          </Header>
        }
        items={report.drsJobs}
        variant="container"
        wrapLines
        ariaLabels={{ tableLabel: 'DRS jobs used by the execution' }}
        loading={eventsLoading && events.length === 0}
        loadingText="Loading events"
        empty={<Box color="text-body-secondary">No DRS launch job was started.</Box>}
        columnDefinitions={[
          { id: 'job', header: 'DRS job', cell: (job) => job.drsJobId, isRowHeader: true },
          { id: 'wave', header: 'Wave', cell: (job) => job.wave },
          { id: 'attempt', header: 'StartRecovery attempt', cell: (job) => job.attempt },
          { id: 'servers', header: 'Servers', cell: (job) => job.serverCount },
          { id: 'target', header: 'Account and Region', cell: (job) => `${job.accountId} ${job.region}` },
          {
            id: 'recovered',
            header: 'Found again by tags',
            cell: (job) => (job.recovered ? 'Yes' : 'No'),
          },
        ]}
      />
      <ReadinessWarnings warnings={report.readinessWarnings} />
    </SpaceBetween>
  );
}
