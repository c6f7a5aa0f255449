import Box from '@cloudscape-design/components/box';
import SpaceBetween from '@cloudscape-design/components/space-between';

import type { LastExecution } from '../api/resources';
import { formatTime } from '../common/format';
import { Status } from '../common/status-indicator';
import { AppLink } from './app-link';

/** Shows a plan's last execution (status, mode and time), linked to the execution's page. */
export function LastExecutionSummary({ execution }: { execution: LastExecution | null }) {
  if (!execution) {
    return <Box color="text-status-inactive">Never run</Box>;
  }
  const mode = execution.mode === 'RECOVERY' ? 'Recovery' : 'Drill';

  return (
    <SpaceBetween size="xxxs">
      <Status value={execution.status} />
      <AppLink href={`/executions/${execution.id}`}>
        {mode}, {formatTime(execution.startedAt ?? execution.createdAt)}
      </AppLink>
    </SpaceBetween>
  );
}
