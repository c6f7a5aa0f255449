import StatusIndicator, { StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';

const TYPES: Record<string, StatusIndicatorProps.Type> = {
  PENDING: 'pending',
  QUEUED: 'pending',
  LAUNCHING: 'in-progress',
  IN_PROGRESS: 'in-progress',
  RUNNING: 'in-progress',
  REQUESTED: 'in-progress',
  LAUNCHED: 'success',
  SUCCEEDED: 'success',
  COMPLETED: 'success',
  PARTIAL: 'warning',
  PAUSED: 'stopped',
  HALTED: 'warning',
  SKIPPED: 'stopped',
  CANCELLED: 'stopped',
  NOT_REQUESTED: 'info',
  FAILED: 'error',
};

/** Renders a status such as LAUNCHED or HALTED with its colour and icon; the text stays the API's value. */
export function Status({ value }: { value: string | null | undefined }) {
  if (!value) {
    return <>-</>;
  }

  return <StatusIndicator type={TYPES[value] ?? 'info'}>{value}</StatusIndicator>;
}
