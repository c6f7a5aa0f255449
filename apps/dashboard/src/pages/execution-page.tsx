import { useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';

import Alert from '@cloudscape-design/components/alert';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import Tabs from '@cloudscape-design/components/tabs';

import { EventLog } from '../executions/event-log';
import { ExecutionControls } from '../executions/execution-controls';
import { waitingReasonsByWave } from '../executions/execution-events';
import { ExecutionReportPanel } from '../executions/execution-report-panel';
import { ExecutionSummary } from '../executions/execution-summary';
import { ReadinessAlert } from '../executions/readiness-alert';
import { serverRows } from '../executions/server-rows';
import { ServerTable } from '../executions/server-table';
import { StreamStatusIndicator } from '../executions/stream-status';
import { useExecutionEvents } from '../executions/use-execution-events';
import { WaveTable } from '../executions/wave-table';
import { useLiveExecution } from '../live/use-live-execution';

/** Follows one execution live: summary, controls, waves, servers, report and event log. */
export function ExecutionPage() {
  const { id } = useParams();
  const { view, streamStatus, error, refresh } = useLiveExecution(id);
  const events = useExecutionEvents(id, view?.lastEventSeq ?? null);
  const [activeTab, setActiveTab] = useState('servers');
  const waiting = useMemo(() => waitingReasonsByWave(events.events), [events.events]);
  const rows = useMemo(() => (view ? serverRows(view, waiting) : []), [view, waiting]);

  if (!view) {
    return (
      <ContentLayout header={<Header variant="h1">Execution</Header>}>
        {error ? (
          <Alert type="error" header="The execution could not be loaded">
            {error}
          </Alert>
        ) : (
          <SpaceBetween size="s" direction="horizontal">
            <Spinner />
            <span>Loading the execution</span>
            <StreamStatusIndicator status={streamStatus} error={error} />
          </SpaceBetween>
        )}
      </ContentLayout>
    );
  }

  return (
    <ContentLayout
      header={
        <Header
          variant="h1"
          description={<StreamStatusIndicator status={streamStatus} error={error} />}
          actions={<ExecutionControls view={view} onChanged={() => void refresh()} />}
        >
          {`${view.mode === 'DRILL' ? 'Drill' : 'Recovery'} of ${view.planName}`}
        </Header>
      }
    >
      <SpaceBetween size="l">
        {error && streamStatus !== 'failed' && <Alert type="error">{error}</Alert>}
        <ExecutionSummary view={view} />
        <ReadinessAlert warnings={view.readinessWarnings} />
        <WaveTable waves={view.waves} />
        <Tabs
          activeTabId={activeTab}
          onChange={({ detail }) => setActiveTab(detail.activeTabId)}
          ariaLabel="Execution details"
          tabs={[
            { id: 'servers', label: 'Servers', content: <ServerTable rows={rows} /> },
            {
              id: 'report',
              label: 'Report',
              content: (
                <ExecutionReportPanel view={view} events={events.events} eventsLoading={events.loading} />
              ),
            },
            {
              id: 'events',
              label: 'Events',
              content: <EventLog events={events.events} loading={events.loading} error={events.error} />,
            },
          ]}
        />
      </SpaceBetween>
    </ContentLayout>
  );
}
