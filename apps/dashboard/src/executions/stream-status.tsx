import StatusIndicator, { StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';

import type { StreamStatus } from '../live/use-live-execution';

const LABELS: Record<StreamStatus, string> = {
  connecting: 'Connecting to live updates',
  live: 'Live',
  reconnecting: 'Reconnecting to live updates',
  failed: 'Live updates unavailable',
};

const TYPES: Record<StreamStatus, StatusIndicatorProps.Type> = {
  connecting: 'loading',
  live: 'success',
  reconnecting: 'loading',
  failed: 'error',
};

/** Shows whether the page follows the run live. `data-status` is "live" only while subscribed. */
export function StreamStatusIndicator({ status, error }: { status: StreamStatus; error: string | null }) {
  const type = TYPES[status];
  const detail = status === 'failed' && error ? `: ${error}` : '';

  return (
    <span data-testid="stream-status" data-status={status === 'live' ? 'live' : 'reconnecting'}>
      <StatusIndicator type={type}>{`${LABELS[status]}${detail}`}</StatusIndicator>
    </span>
  );
}
