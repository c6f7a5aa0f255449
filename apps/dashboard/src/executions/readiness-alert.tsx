import type { ReadinessWarning } from '@drs/domain';

import Alert from '@cloudscape-design/components/alert';

/** Shows the run's readiness warnings in one alert, or nothing when there are none. */
export function ReadinessAlert({ warnings }: { warnings: ReadinessWarning[] }) {
  if (warnings.length === 0) {
    return null;
  }

  return (
    <Alert
      type="warning"
      header={`${warnings.length} readiness warning${warnings.length === 1 ? '' : 's'} when the run started`}
    >
      <ul style={{ margin: 0, paddingInlineStart: 20 }}>
        {warnings.map((warning) => (
          <li key={`${warning.sourceServerId}-${warning.problem}`}>{warning.message}</li>
        ))}
      </ul>
    </Alert>
  );
}
