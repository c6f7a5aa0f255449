import Alert from '@cloudscape-design/components/alert';
import ContentLayout from '@cloudscape-design/components/content-layout';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';

import { useNow } from '../executions/use-now';
import { ActiveExecutions } from '../overview/active-executions';
import { ReadinessProblemsPanel } from '../overview/readiness-problems-panel';
import { RecentResults } from '../overview/recent-results';
import { useOverviewExecutions } from '../overview/use-overview-executions';

/** Shows what runs now, how the last runs ended, and which servers a drill would warn about. */
export function OverviewPage() {
  const executions = useOverviewExecutions();
  const now = useNow(true);
  const loading = executions.loading && !executions.data;

  return (
    <ContentLayout header={<Header variant="h1">Overview</Header>}>
      <SpaceBetween size="l">
        {executions.error && (
          <Alert type="error" header="The executions could not be loaded">
            {executions.error.message}
          </Alert>
        )}
        <ActiveExecutions items={executions.data?.active ?? []} loading={loading} nowMs={now} />
        <RecentResults items={executions.data?.recent ?? []} loading={loading} />
        <ReadinessProblemsPanel />
      </SpaceBetween>
    </ContentLayout>
  );
}
