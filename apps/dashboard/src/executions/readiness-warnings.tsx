import type { ReadinessWarning } from '@drs/domain';

import Header from '@cloudscape-design/components/header';
import Table from '@cloudscape-design/components/table';

/**
 * Warnings the planner recorded when the run started (replication state, lag above the RPO, a
 * server already in a DRS job or missing). They did not stop the launch.
 */
export function ReadinessWarnings({
  warnings,
  variant = 'container',
}: {
  warnings: ReadinessWarning[];
  variant?: 'container' | 'embedded';
}) {
  return (
    <Table
      header={
        <Header
          variant="h2"
          counter={`(${warnings.length})`}
          description="Recorded when the run started; a warning does not stop a launch."
        >
          Readiness warnings
        </Header>
      }
      items={warnings}
      variant={variant}
      wrapLines
      ariaLabels={{ tableLabel: 'Readiness warnings of the execution' }}
      empty="No readiness warnings: every server replicated normally within the RPO when the run started."
      columnDefinitions={[
        {
          id: 'server',
          header: 'Server',
          cell: (warning) => warning.hostname ?? warning.sourceServerId,
          isRowHeader: true,
        },
        { id: 'problem', header: 'Problem', cell: (warning) => warning.problem },
        { id: 'message', header: 'Message', cell: (warning) => warning.message },
      ]}
    />
  );
}
