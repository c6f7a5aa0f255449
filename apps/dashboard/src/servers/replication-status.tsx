import StatusIndicator, { StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';

import type { SourceServer } from '../api/resources';
import { replicationHealth, ReplicationTone } from './replication';

const INDICATOR_TYPES: Record<ReplicationTone, StatusIndicatorProps.Type> = {
  success: 'success',
  warning: 'warning',
  'in-progress': 'in-progress',
  unknown: 'info',
};

/** Replication state and lag in words, such as "CONTINUOUS, lag 0.5 s", with a warning icon for problems. */
export function ReplicationStatus({
  server,
}: {
  server: Pick<SourceServer, 'replicationState' | 'lagSeconds'>;
}) {
  const health = replicationHealth(server);

  // The icon's label carries the reason, so a screen reader hears why the server is flagged.
  return (
    <StatusIndicator type={INDICATOR_TYPES[health.tone]} iconAriaLabel={health.problem ?? undefined}>
      {health.text}
    </StatusIndicator>
  );
}
